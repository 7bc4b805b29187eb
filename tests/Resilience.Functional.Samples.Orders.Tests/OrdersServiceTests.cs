using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Garnet;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Resilience.Functional.Samples.Orders.Tests;

/// <summary>The sample service started on a free loopback port and driven over HTTP, end to end.</summary>
public class OrdersServiceTests
{
    private static async Task<(WebApplication App, HttpClient Client)> Start(params string[] settings)
    {
        var app = OrdersService.Build(["--urls", "http://127.0.0.1:0", .. settings]);
        await app.StartAsync();
        return (app, new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(30) });
    }

    private static Task<HttpResponseMessage> Place(HttpClient client, string key, Order order)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/orders") { Content = JsonContent.Create(order) };
        request.Headers.Add("Idempotency-Key", $"\"{key}\"");
        return client.SendAsync(request);
    }

    [Fact(Timeout = 60_000)]
    public async Task An_order_is_charged_once_per_key_and_the_flaky_inventory_is_retried()
    {
        var (app, client) = await Start("--Orders:InventoryFailures=2");
        await using var _ = app;
        using var __ = client;

        using var first = await Place(client, "order-1", new Order("apple", 3));
        using var repeated = await Place(client, "order-1", new Order("apple", 3));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(3, app.Services.GetRequiredService<Inventory>().Calls("apple")); // two 503s, retried, then 200
        Assert.Equal(HttpStatusCode.Created, repeated.StatusCode);
        Assert.Equal("true", repeated.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(await first.Content.ReadAsStringAsync(), await repeated.Content.ReadAsStringAsync());
        Assert.Single(app.Services.GetRequiredService<Ledger>().Charges);
        using var missingKey = await client.PostAsJsonAsync("/orders", new Order("apple", 1));
        Assert.Equal(HttpStatusCode.BadRequest, missingKey.StatusCode);
        using var health = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("application/health+json", health.Content.Headers.ContentType?.MediaType);
        Assert.Contains("payments.circuit-breaker", await health.Content.ReadAsStringAsync()); // the policy's parts, listed by the registry
    }

    [Fact(Timeout = 90_000)]
    public async Task On_redis_two_instances_charge_once_per_key()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0); // a free port for the embedded server
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        using var garnet = new GarnetServer(["--bind", "127.0.0.1", "--port", $"{port}", "--lua", "--lua-transaction-mode"]);
        garnet.Start();
        string[] shared = [$"--Redis:Connection=127.0.0.1:{port}", "--Resilience:Idempotency:Store=redis", "--Orders:ConsoleTelemetry=false", "--Orders:InventoryFailures=0"];
        var (one, toOne) = await Start(shared);
        var (two, toTwo) = await Start(shared);
        await using var _ = one;
        await using var __ = two;
        using var ___ = toOne;
        using var ____ = toTwo;

        using var first = await Place(toOne, "order-7", new Order("pear", 1));
        using var again = await Place(toTwo, "order-7", new Order("pear", 1));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Single(one.Services.GetRequiredService<Ledger>().Charges);
        Assert.Empty(two.Services.GetRequiredService<Ledger>().Charges); // the second instance replayed the first's response
    }
}
