// The code of docs/health.md and docs/idempotency.md, compiled and run; the pages show the regions between the
// snippet markers.
namespace Resilience.Functional.Tests.Docs;

public class HealthIdempotencyDocs
{
    public sealed record Payment(string Id, decimal Amount);

    [Fact]
    public async Task Health_checks()
    {
        // snippet: health-registry
        var inUse = 9; // e.g. a bulkhead's busy slots out of 10
        var registry = new HealthRegistry(
        [
            new HealthCheck("db", Op.Succeed(HealthResult.Healthy("connected"))) { Timeout = TimeSpan.FromSeconds(2) },
            HealthCheck.FromUsageRatio("bulkhead", () => inUse / 10.0, HealthThresholds.Default),
            new HealthCheck("cache", Op.Fail<HealthResult>(Error.New("connection refused"))) { FailureState = HealthState.Degraded },
        ]);

        var outcome = await registry.RunAsync(CancellationToken.None);
        var report = outcome.Match(r => r, e => throw new InvalidOperationException(e.Message));

        var body = HealthJson.Render(report);               // application/health+json
        var status = HealthJson.HttpStatusCode(report.State); // 200 for pass/warn, 503 for fail
        // end snippet

        Assert.Equal(HealthState.Degraded, report.State);    // one check healthy, not all
        Assert.Equal(200, status);
        Assert.Contains("\"bulkhead:utilization\":[{\"status\":\"warn\"", body);
    }

    [Fact]
    public async Task Idempotency()
    {
        // snippet: idempotency
        var store = new InMemoryIdempotencyStore(maxEntries: 10_000);
        var policy = new IdempotencyGuard(store, new IdempotencyOptions { TimeToLive = TimeSpan.FromHours(24) });
        var charges = 0;
        Func<CancellationToken, ValueTask<Either<Error, Payment>>> Charge(decimal amount) =>
            Op.FromFunc(_ => new Payment($"pay_{++charges}", amount));

        // The same request sent twice with the client's Idempotency-Key: charged once, replayed once.
        var first = await Charge(20m).WithIdempotency(policy, "key-123", "amount=20").Run(CancellationToken.None);
        var again = await Charge(20m).WithIdempotency(policy, "key-123", "amount=20").Run(CancellationToken.None);
        var reused = await Charge(99m).WithIdempotency(policy, "key-123", "amount=99").Run(CancellationToken.None);

        string Describe(Either<Error, Idempotent<Payment>> o) => o.Match(
            Right: p => p.IsReplay ? $"replayed {p.Value.Id}" : $"charged {p.Value.Id}",
            Left: e => e switch
            {
                IdempotencyConflictError c => $"409, retry after {c.RetryAfterDelay}",
                IdempotencyFingerprintMismatchError => "422, key reused for another request",
                InvalidIdempotencyKeyError => "400, bad key",
                _ => e.Message,
            });
        // end snippet

        Assert.Equal("charged pay_1", Describe(first));
        Assert.Equal("replayed pay_1", Describe(again));
        Assert.Equal("422, key reused for another request", Describe(reused));
        Assert.Equal(1, charges);
    }
}
