using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Resilience.Functional.AspNetCore;
using Resilience.Functional.DependencyInjection;
using Resilience.Functional.Redis;
using Resilience.Functional.Stores;
using StackExchange.Redis;

namespace Resilience.Functional.Samples.Orders;

/// <summary>
/// A minimal API that places orders: each order reserves stock from a flaky inventory service through the HTTP
/// package's standard pipeline, and runs once per <c>Idempotency-Key</c>, on an idempotency store chosen by
/// configuration (in memory, or Redis when <c>Redis:Connection</c> is set and <c>Resilience:Idempotency:Store</c> is
/// <c>redis</c>); the charge runs under the <c>payments</c> policy bound to configuration. The inventory service is part of the sample (<see cref="Inventory"/>), so that it runs alone.
/// </summary>
public static class OrdersService
{
    /// <summary>The name of the inventory client in <see cref="IHttpClientFactory"/>.</summary>
    public const string InventoryClient = "inventory";

    /// <summary>The service, built from <paramref name="args"/> and appsettings.json, not yet started.</summary>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var settings = builder.Configuration.GetSection("Orders");
        builder.Services.AddSingleton(new Inventory(settings.GetValue("InventoryFailures", 2)));
        builder.Services.AddSingleton<Ledger>();

        if (builder.Configuration["Redis:Connection"] is { Length: > 0 } redis)
        {
            builder.Services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(RedisConnection.Options(redis)));
            builder.Services.AddKeyedSingleton<IIdempotencyStore>("redis", (services, _) =>
                new RedisIdempotencyStore(services.GetRequiredService<IConnectionMultiplexer>()));
        }

        builder.Services.AddResiliencePolicyFromConfiguration("payments"); // Resilience:Policies:payments
        builder.Services.AddIdempotencyGuardFromConfiguration(); // Resilience:Idempotency
        builder.Services
            .AddHttpClient(InventoryClient, (services, client) => client.BaseAddress = InventoryAddress(services, builder.Configuration))
            .AddStandardResilience();

        if (settings.GetValue("ConsoleTelemetry", true))
        {
            builder.Services.AddOpenTelemetry()
                .WithMetrics(metrics => metrics.AddMeter(ResilienceTelemetry.Name).AddConsoleExporter())
                .WithTracing(tracing => tracing.AddSource(ResilienceTelemetry.Name).AddConsoleExporter());
        }

        var app = builder.Build();
        app.UseIdempotentRequests();
        app.MapPost("/orders", PlaceOrder).RequireIdempotencyKey();
        app.MapGet("/inventory/{sku}", (string sku, Inventory inventory) => inventory.Reserve(sku));
        app.MapGet("/ledger", (Ledger ledger) => ledger.Charges);
        app.MapResilienceHealth("/health");
        return app;
    }

    private static async Task<IResult> PlaceOrder(
        Order order,
        IHttpClientFactory clients,
        Ledger ledger,
        [FromKeyedServices("payments")] ResiliencePolicy payments,
        CancellationToken ct)
    {
        // A GET: the standard pipeline retries it on the inventory's 503s, honouring their Retry-After.
        var client = clients.CreateClient(InventoryClient);
        using var reserved = await client.GetAsync($"/inventory/{Uri.EscapeDataString(order.Sku)}", ct);
        if (!reserved.IsSuccessStatusCode)
        {
            return Results.Problem($"inventory answered {(int)reserved.StatusCode}", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        // The effect the Idempotency-Key guards: one charge per key, however often the client repeats the request. It
        // runs under the payments policy, whose breaker and bulkhead /health reports.
        var charged = await payments.Wrap(Op.FromFunc(_ => ledger.Charge(order))).Run(ct);
        return charged.Match(
            charge => Results.Created($"/orders/{charge.Id}", charge),
            error => Results.Problem(error.Message, statusCode: StatusCodes.Status503ServiceUnavailable));
    }

    // The inventory is this service itself unless configured elsewhere (Orders:InventoryAddress).
    private static Uri InventoryAddress(IServiceProvider services, IConfiguration configuration) =>
        configuration["Orders:InventoryAddress"] is { Length: > 0 } configured
            ? new Uri(configured)
            : new Uri(services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
}
