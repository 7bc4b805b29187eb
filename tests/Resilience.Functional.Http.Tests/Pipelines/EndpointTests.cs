using System.Net;

namespace Resilience.Functional.Http.Tests.Pipelines;

public class EndpointTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private readonly TestServer server = fixture.Server;

    private static HttpStandardOptions Breaking => TestPipelines.Fast(retries: 0) with
    {
        Pipeline = TestPipelines.Fast(retries: 0).Pipeline with
        {
            CircuitBreaker = new() { ConsecutiveFailures = 2, BreakDuration = BreakDuration.Fixed(TimeSpan.FromMinutes(5)) },
        },
    };

    [Fact(Timeout = Bounded.TestTimeoutMs)]
    public async Task Each_authority_has_its_own_breaker_and_an_open_one_fails_fast_with_a_typed_error()
    {
        await using var other = await TestServer.StartAsync();
        var bad = server.Script("/ep/down", TestServer.Status(503));
        var good = other.Script("/ep/up", TestServer.Ok());
        var pipeline = HttpPipeline.Standard(Breaking);
        using var client = Bounded.Client(pipeline);

        (await client.GetAsync(bad)).Dispose();
        (await client.GetAsync(bad)).Dispose();
        var rejected = await Assert.ThrowsAsync<HttpResilienceException>(() => client.GetAsync(bad));
        using var fine = await client.GetAsync(good);

        Assert.IsType<CircuitOpenError>(rejected.Error);
        Assert.Equal(2, server.Attempts("/ep/down"));
        Assert.Equal(HttpStatusCode.OK, fine.StatusCode);
        Assert.Equal(2, pipeline.Endpoints.Count);
        Assert.Equal(CircuitState.Open, pipeline.Endpoints.Find(HttpPipeline.Authority(new HttpRequestMessage(HttpMethod.Get, bad))).Map(e => e.CircuitBreaker.State));
        Assert.Equal(CircuitState.Closed, pipeline.Endpoints.Find(HttpPipeline.Authority(new HttpRequestMessage(HttpMethod.Get, good))).Map(e => e.CircuitBreaker.State));
    }

    [Fact(Timeout = Bounded.TestTimeoutMs)]
    public async Task The_health_check_reports_one_open_endpoint_of_two_as_degraded()
    {
        await using var other = await TestServer.StartAsync();
        var bad = server.Script("/ep/health-down", TestServer.Status(500));
        var good = other.Script("/ep/health-up", TestServer.Ok());
        var pipeline = HttpPipeline.Standard(Breaking);
        using var client = Bounded.Client(pipeline);
        (await client.GetAsync(good)).Dispose();
        (await client.GetAsync(bad)).Dispose();
        (await client.GetAsync(bad)).Dispose();

        var report = (HealthCheckReport)await new HealthRegistry([pipeline.HealthCheck("orders-api")]).RunAsync(CancellationToken.None);

        var entry = Assert.Single(report.Entries);
        Assert.Equal(HealthState.Degraded, entry.State);
        var data = entry.Result.Map(r => r.Data).IfNone(() => new Dictionary<string, object?>());
        Assert.Equal("Open", data[HttpPipeline.Authority(new HttpRequestMessage(HttpMethod.Get, bad))]);
    }

    [Fact(Timeout = Bounded.TestTimeoutMs)]
    public async Task A_user_given_key_shares_one_breaker_across_paths()
    {
        var a = server.Script("/ep/key-a", TestServer.Status(503));
        var b = server.Script("/ep/key-b", TestServer.Ok());
        var pipeline = HttpPipeline.Standard(Breaking with { EndpointKey = static _ => "orders" });
        using var client = Bounded.Client(pipeline);

        (await client.GetAsync(a)).Dispose();
        (await client.GetAsync(a)).Dispose();
        var rejected = await Assert.ThrowsAsync<HttpResilienceException>(() => client.GetAsync(b));

        Assert.IsType<CircuitOpenError>(rejected.Error);
        Assert.Equal(0, server.Attempts("/ep/key-b"));
        Assert.Equal(["orders"], pipeline.Endpoints.Snapshot().Select(p => p.Key));
    }

    [Fact]
    public void Describe_lists_the_http_rules_and_the_layers_in_order()
    {
        var text = HttpPipeline.Standard().Describe();

        var order = new[] { "concurrency-limit", "total-timeout", "retry", "circuit-breaker", "attempt-timeout" }.Select(name => text.IndexOf($". {name}:", StringComparison.Ordinal)).ToList();
        Assert.All(order, index => Assert.True(index > 0, text));
        Assert.Equal(order.Order(), order);
        Assert.Contains("one breaker per endpoint", text, StringComparison.Ordinal);
    }
}
