// The code of docs/health.md's "Health of the resilience objects", compiled and run; the page shows the region
// between the snippet markers.
using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Tests.Docs;

public class ObjectHealthDocs
{
    [Fact]
    public async Task Breaker_with_growing_breaks_and_object_health_checks()
    {
        var clock = new FakeTimeProvider(); // TimeProvider.System in production

        // snippet: health-of-objects
        // Open when half of the last 20 calls failed (at least 10 calls); each consecutive opening waits twice as long.
        var breaker = new CircuitBreaker(new CircuitBreakerOptions
        {
            ConsecutiveFailures = null,
            FailureRatio = 0.5,
            Window = SlidingWindow.ByCount(20),
            MinimumThroughput = 10,
            BreakDuration = BreakDuration.FromBackoff(Backoff.Exponential(TimeSpan.FromSeconds(5)).MaxRetries(4)), // 5, 10, 20, 40, 40, … s
            TimeProvider = clock,
        });
        var bulkhead = new Bulkhead(new BulkheadOptions { MaxConcurrency = 32, TimeProvider = clock });
        var budget = new TokenRatioRetryBudget(maxTokens: 10, tokenRatio: 0.1);

        var registry = new HealthRegistry(
        [
            HealthCheck.ForCircuitBreaker("payments", breaker),  // payments:circuit
            HealthCheck.ForBulkhead("payments-pool", bulkhead),  // payments-pool:utilization (in use / capacity)
            HealthCheck.ForRetryBudget("retries", budget),       // retries:utilization (exhaustion)
        ], clock);
        // end snippet

        var payments = Op.Fail<int>(new HttpStatusError(503)).WithBulkhead(bulkhead).WithCircuitBreaker(breaker);
        for (var i = 0; i < 10; i++)
        {
            await payments(CancellationToken.None);
        }

        var report = (await registry.RunAsync(CancellationToken.None)).Match(r => r, e => throw new InvalidOperationException(e.Message));
        var body = HealthJson.Render(report);

        Assert.Equal(HealthState.Degraded, report.State); // the breaker is open, the rest is healthy
        Assert.Contains("\"payments:circuit\":[{\"status\":\"fail\"", body);
        Assert.Contains("\"observedValue\":5", body);       // seconds until the next probe
        Assert.Equal(TimeSpan.FromSeconds(5), breaker.TimeUntilHalfOpen);
    }
}
