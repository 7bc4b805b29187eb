using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Resilience.Functional.DependencyInjection;

namespace Resilience.Functional.AspNetCore.Tests.Docs;

/// <summary>The ASP.NET Core code of docs/hosting.md, compiled and run against Kestrel on 127.0.0.1.</summary>
public class HostingDocsTests
{
    [Fact(Timeout = 60_000)]
    public async Task The_program_of_the_page_serves_idempotent_orders_and_health()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Resilience:Policies:orders:Timeout:Timeout"] = "10s",
            ["Resilience:Policies:orders:CircuitBreaker:ConsecutiveFailures"] = "5",
            ["Resilience:Idempotency:Store"] = "InMemory",
        });

        // snippet: hosting-program
        builder.Services.AddResiliencePolicyFromConfiguration("orders");
        builder.Services.AddIdempotencyGuardFromConfiguration(); // Resilience:Idempotency
        builder.Services.AddHealthChecks().AddResiliencePolicies(); // the same parts in MapHealthChecks

        var app = builder.Build();
        app.UseIdempotentRequests();

        app.MapPost("/orders", async ([FromKeyedServices("orders")] ResiliencePolicy orders, Order order, CancellationToken ct) =>
        {
            var placed = await orders.Wrap(Op.FromFunc(_ => order with { Id = 42 })).Run(ct);
            return placed.Match(o => Results.Created($"/orders/{o.Id}", o), e => Results.Problem(e.Message, statusCode: 503));
        }).RequireIdempotencyKey();

        app.MapResilienceHealth("/health");
        app.MapHealthChecks("/healthz");
        // end snippet

        await using var server = await TestServer.StartAsync(app);
        HttpRequestMessage Post() => new(HttpMethod.Post, "/orders")
        {
            Content = JsonContent.Create(new Order(0, "apple")),
            Headers = { { "Idempotency-Key", "\"order-apple-1\"" } },
        };

        var first = await server.Client.SendAsync(Post());
        var again = await server.Client.SendAsync(Post());
        var health = await server.Client.GetAsync("/health");
        var microsoft = await server.Client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(new Order(42, "apple"), await first.Content.ReadFromJsonAsync<Order>());
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Contains("orders.circuit-breaker:circuit", await health.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", await microsoft.Content.ReadAsStringAsync());
    }

    [Fact(Timeout = 30_000)]
    public async Task The_controller_of_the_page_is_idempotent()
    {
        await using var server = await TestServer.StartAsync(
            builder =>
            {
                builder.Services.AddControllers().AddApplicationPart(typeof(InvoicesController).Assembly);
                builder.Services.AddIdempotencyGuard(IdempotencyOptions.Default);
            },
            app =>
            {
                app.UseIdempotentRequests();
                app.MapControllers();
            });
        HttpRequestMessage Post(string body) => new(HttpMethod.Post, "/invoices")
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
            Headers = { { "Idempotency-Key", "inv-1" } },
        };

        var first = await server.Client.SendAsync(Post("""{"number":0,"customer":"ada"}"""));
        var replay = await server.Client.SendAsync(Post("""{"number":0,"customer":"ada"}"""));
        var other = await server.Client.SendAsync(Post("""{"number":0,"customer":"bob"}"""));

        Assert.Equal(new Invoice(1, "ada"), await first.Content.ReadFromJsonAsync<Invoice>());
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
    }
}

/// <summary>The order of the page's example.</summary>
public sealed record Order(int Id, string Sku);

/// <summary>The invoice of the page's example.</summary>
public sealed record Invoice(int Number, string Customer);

// snippet: hosting-controller
[ApiController]
[Route("invoices")]
public sealed class InvoicesController : ControllerBase
{
    [HttpPost]
    [Idempotent] // [Idempotent(KeyRequired = false)]: a request without a key runs unguarded
    public IActionResult Issue(Invoice invoice) => Ok(invoice with { Number = 1 });
}
// end snippet
