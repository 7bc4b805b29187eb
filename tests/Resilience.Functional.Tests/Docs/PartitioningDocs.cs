// The code of docs/partitioning.md, compiled and run; the page shows the regions between the snippet markers.
using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Tests.Docs;

public class PartitioningDocs
{
    private static Func<CancellationToken, ValueTask<Either<Error, string>>> GetReport(string tenant) =>
        Op.Succeed($"report of {tenant}");

    [Fact]
    public async Task Each_tenant_has_its_own_bulkhead_and_breaker()
    {
        // snippet: partitioning-tenants
        // Created once, shared by every call: one bulkhead and one breaker per tenant, made on the tenant's first call.
        var partitions = new PartitionOptions { MaxPartitions = 10_000, IdleTimeout = TimeSpan.FromMinutes(10) };
        var bulkheads = new PartitionedBulkhead<string>(new BulkheadOptions { MaxConcurrency = 8, MaxQueueLength = 0 }, partitions);
        var breakers = new PartitionedCircuitBreaker<string>(new CircuitBreakerOptions { ConsecutiveFailures = 5 }, partitions);

        // Per request: the tenant's own bulkhead and breaker guard the call.
        Func<CancellationToken, ValueTask<Either<Error, string>>> Report(string tenant) =>
            GetReport(tenant)
                .WithCircuitBreaker(breakers, tenant)
                .WithBulkhead(bulkheads, tenant);

        var acme = await Report("acme")(CancellationToken.None);      // Right("report of acme")
        var count = bulkheads.Partitions.Count;                          // 1: "acme" only
        var state = breakers.Partitions.Find("acme").Map(b => b.State);  // Some(Closed)
        // end snippet

        Assert.Equal(Right<Error, string>("report of acme"), acme);
        Assert.Equal(1, count);
        Assert.Equal(Some(CircuitState.Closed), state);
    }

    [Fact]
    public async Task Budgets_buckets_policies_and_health_per_key()
    {
        var clock = new FakeTimeProvider();

        // snippet: partitioning-more
        var perClient = new PartitionOptions { MaxPartitions = 1_000, TimeProvider = clock };
        var buckets = new PartitionedTokenBucket<string>(
            new TokenBucketOptions { TokensPerPeriod = 10, Period = TimeSpan.FromSeconds(1), Burst = 10, TimeProvider = clock }, perClient);
        var budgets = new PartitionedRetryBudget<string>(_ => new TokenRatioRetryBudget(maxTokens: 10, tokenRatio: 0.1), perClient);
        var retry = new RetryOptions { Backoff = Backoff.Immediate.MaxRetries(2), TimeProvider = clock };

        // A policy per key is a value like any other: build it per request, compose it into a pipeline.
        Policy For(string client) => Policy.Pipeline(
            Policy.RateLimiter(buckets, client),
            Policy.Retry(retry with { Budget = budgets.For(client) }));

        var answer = await Op.Succeed(42).WithPolicy(For("client-7"))(CancellationToken.None); // Right(42)

        // Ready checks per partition: one saturated client degrades the instance, it does not fail it.
        var health = new HealthRegistry([HealthCheck.ForTokenBuckets("clients", buckets), HealthCheck.ForRetryBudgets("retries", budgets)]);
        // end snippet

        Assert.Equal(Right<Error, int>(42), answer);
        Assert.Equal(1, buckets.Partitions.Count);
        Assert.Equal(1, budgets.Partitions.Count);
        var report = (HealthCheckReport)await health.RunAsync(CancellationToken.None);
        Assert.Equal(HealthState.Healthy, report.State);
    }
}
