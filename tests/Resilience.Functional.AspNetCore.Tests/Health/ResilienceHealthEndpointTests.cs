using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Resilience.Functional.DependencyInjection;

namespace Resilience.Functional.AspNetCore.Tests;

/// <summary><c>MapResilienceHealth</c> over HTTP: application/health+json of every part, 200/503, beside MapHealthChecks.</summary>
public class ResilienceHealthEndpointTests
{
    private static readonly Error Transient = new TimeoutError(TimeSpan.FromSeconds(1));

    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private Task<TestServer> Start() =>
        TestServer.StartAsync(
            builder =>
            {
                builder.Services.AddSingleton<TimeProvider>(clock);
                builder.Services
                    .AddResiliencePolicy("orders", b => b
                        .AddRateLimiter(new TokenBucketOptions { TokensPerPeriod = 10, Burst = 10 })
                        .AddBulkhead(new BulkheadOptions { MaxConcurrency = 4 })
                        .AddRetry(new RetryOptions { Backoff = Backoff.Never, Budget = new TokenRatioRetryBudget(10, 0.1) })
                        .AddCircuitBreaker(new CircuitBreakerOptions
                        {
                            ConsecutiveFailures = 1,
                            BreakDuration = BreakDuration.Fixed(TimeSpan.FromSeconds(10)),
                            TimeProvider = b.TimeProvider,
                        }))
                    .AddResilienceHealthCheck(new HealthCheck("database", Op.Succeed(HealthResult.Healthy("connected"))));
                builder.Services.AddHealthChecks().AddResiliencePolicies();
            },
            app =>
            {
                app.MapResilienceHealth("/health");
                app.MapHealthChecks("/healthz");
            });

    [Fact(Timeout = 30_000)]
    public async Task Every_part_is_reported_as_health_json_with_200_while_passing()
    {
        await using var server = await Start();

        var response = await server.Client.GetAsync("/health");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/health+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal("pass", json.RootElement.GetProperty("status").GetString());
        Assert.Equal(
            ["database", "orders.bulkhead:utilization", "orders.circuit-breaker:circuit", "orders.rate-limiter:utilization", "orders.retry-budget:utilization"],
            json.RootElement.GetProperty("checks").EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact(Timeout = 30_000)]
    public async Task An_open_breaker_among_healthy_parts_warns_with_200_here_and_in_MapHealthChecks()
    {
        await using var server = await Start();
        var orders = server.Services.GetRequiredService<ResiliencePolicyRegistry>().Get("orders");
        _ = await orders.Wrap(Op.Fail<int>(new HttpStatusError(400))).Run(CancellationToken.None); // permanent: not counted
        _ = await orders.Wrap(Op.Fail<int>(Transient)).Run(CancellationToken.None);

        var response = await server.Client.GetAsync("/health");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var breaker = json.RootElement.GetProperty("checks").GetProperty("orders.circuit-breaker:circuit")[0];
        var microsoft = await server.Client.GetAsync("/healthz");

        // The registry's rule (docs/health.md): all healthy pass, some healthy warn, none healthy fail.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("warn", json.RootElement.GetProperty("status").GetString());
        Assert.Equal("fail", breaker.GetProperty("status").GetString());
        Assert.StartsWith("open", breaker.GetProperty("output").GetString());
        Assert.Equal(HttpStatusCode.OK, microsoft.StatusCode);
        Assert.Equal("Degraded", await microsoft.Content.ReadAsStringAsync());
    }

    [Fact(Timeout = 30_000)]
    public async Task When_nothing_is_healthy_the_report_fails_with_503_here_and_in_MapHealthChecks()
    {
        await using var server = await TestServer.StartAsync(
            builder =>
            {
                builder.Services.AddResiliencePolicy("payments", b => b.AddCircuitBreaker(new CircuitBreakerOptions { ConsecutiveFailures = 1 }));
                builder.Services.AddHealthChecks().AddResiliencePolicies();
            },
            app =>
            {
                app.MapResilienceHealth("/health");
                app.MapHealthChecks("/healthz");
            });
        var payments = server.Services.GetRequiredService<ResiliencePolicyRegistry>().Get("payments");
        _ = await payments.Wrap(Op.Fail<int>(Transient)).Run(CancellationToken.None);

        var response = await server.Client.GetAsync("/health");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var microsoft = await server.Client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("fail", json.RootElement.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, microsoft.StatusCode);
        Assert.Equal("Unhealthy", await microsoft.Content.ReadAsStringAsync());
    }

    [Fact(Timeout = 30_000)]
    public async Task A_half_open_breaker_warns_with_200()
    {
        await using var server = await Start();
        var orders = server.Services.GetRequiredService<ResiliencePolicyRegistry>().Get("orders");
        _ = await orders.Wrap(Op.Fail<int>(Transient)).Run(CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(10));

        var response = await server.Client.GetAsync("/health");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("warn", json.RootElement.GetProperty("status").GetString());
        Assert.Equal("warn", json.RootElement.GetProperty("checks").GetProperty("orders.circuit-breaker:circuit")[0].GetProperty("status").GetString());
    }
}
