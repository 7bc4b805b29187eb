using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Tests;

/// <summary>
/// A policy is only a name plus the combinator: for every pattern, the operation-first form with a name in its options
/// and the <see cref="Policy"/> form with the same name give the same outcomes and record the same telemetry
/// (instruments, units, values, tags, spans and span events), on a fake clock.
/// </summary>
[Collection(nameof(TelemetryCollection))]
public sealed class TelemetryEquivalenceTests
{
    private static readonly Either<Error, int> Fail = Left<Error, int>(Downstream.Transient);
    private static readonly Either<Error, int> Ok = Right<Error, int>(42);

    private delegate Func<CancellationToken, ValueTask<Either<Error, int>>> Protect(
        Func<CancellationToken, ValueTask<Either<Error, int>>> operation, FakeTimeProvider clock, string name, bool viaPolicy);

    private static (List<string> Outcomes, List<string> Measurements, List<string> Spans, List<string> Instruments) Run(
        Protect protect, Func<Downstream, Func<CancellationToken, ValueTask<Either<Error, int>>>> downstream, bool viaPolicy, int calls, int callers)
    {
        var name = $"eq-{Guid.NewGuid():N}";
        var clock = new FakeTimeProvider();
        var op = protect(downstream(new Downstream(clock)), clock, name, viaPolicy);
        using var recording = new TelemetryRecording(name);
        var outcomes = Enumerable.Range(0, calls).SelectMany(_ => Downstream.Drive(clock, op, callers).Outcomes).ToList();
        return (outcomes, Fresh(recording.Measurements, name), Fresh(recording.Spans, name), recording.Instruments);
    }

    // The generated name differs between the two runs; everything else must not.
    private static List<string> Fresh(List<string> lines, string name) => lines.Select(l => l.Replace(name, "NAME")).ToList();

    private static void AssertSame(
        Protect protect,
        Func<Downstream, Func<CancellationToken, ValueTask<Either<Error, int>>>> downstream,
        string[] expectedInstruments,
        int calls = 1,
        int callers = 1,
        string? expectedTag = null)
    {
        var direct = Run(protect, downstream, viaPolicy: false, calls, callers);
        var policy = Run(protect, downstream, viaPolicy: true, calls, callers);

        Assert.Equal(direct.Outcomes, policy.Outcomes);
        Assert.Equal(direct.Measurements, policy.Measurements);
        Assert.Equal(direct.Spans, policy.Spans);
        Assert.Equal(calls * callers, direct.Spans.Count);
        Assert.All(expectedInstruments, i => Assert.Contains(i, direct.Instruments));
        if (expectedTag is not null)
        {
            Assert.Contains(direct.Measurements, m => m.Contains(expectedTag, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Retry_reports_the_same_either_way()
    {
        var options = new RetryOptions { Backoff = Backoff.Constant(TimeSpan.FromMilliseconds(100)).MaxRetries(2) };
        AssertSame(
            (op, clock, name, viaPolicy) => viaPolicy
                ? op.WithPolicy(Policy.Retry(options with { TimeProvider = clock }).Named(name))
                : op.WithRetry(options with { TimeProvider = clock, Name = name }),
            d => d.Scripted(Fail, Fail, Ok, Fail, Fail, Fail),
            [ResilienceTelemetry.Attempts, ResilienceTelemetry.AttemptDuration, ResilienceTelemetry.Retries, ResilienceTelemetry.Rejections, ResilienceTelemetry.Duration],
            calls: 2);
    }

    [Fact]
    public void Circuit_breaker_reports_the_same_either_way()
    {
        var calls = 0;
        AssertSame(
            (op, clock, name, viaPolicy) =>
            {
                var breaker = new CircuitBreaker(new() { ConsecutiveFailures = 1, BreakDuration = BreakDuration.Fixed(TimeSpan.FromSeconds(1)), TimeProvider = clock, Name = name });
                calls = 0;
                var guarded = viaPolicy ? op.WithPolicy(Policy.CircuitBreaker(breaker).Named(name)) : op.WithCircuitBreaker(breaker);

                // The third call comes after the break: a probe that closes the circuit again.
                return ct =>
                {
                    if (++calls == 3)
                    {
                        clock.Advance(TimeSpan.FromSeconds(1));
                    }

                    return guarded(ct);
                };
            },
            d => d.Scripted(Fail, Ok),
            [ResilienceTelemetry.Rejections, ResilienceTelemetry.BreakerTransitions, ResilienceTelemetry.Duration],
            calls: 3);
    }

    [Fact]
    public void Timeout_reports_the_same_either_way() =>
        AssertSame(
            (op, clock, name, viaPolicy) => viaPolicy
                ? op.WithPolicy(Policy.Timeout(new() { Timeout = TimeSpan.FromSeconds(1), TimeProvider = clock }).Named(name))
                : op.WithTimeout(new TimeoutOptions { Timeout = TimeSpan.FromSeconds(1), TimeProvider = clock, Name = name }),
            d => d.Hangs(),
            [ResilienceTelemetry.Rejections, ResilienceTelemetry.Duration]);

    [Fact]
    public void Bulkhead_reports_the_same_either_way() =>
        AssertSame(
            (op, clock, name, viaPolicy) => viaPolicy
                ? op.WithPolicy(Policy.Bulkhead(new Bulkhead(new() { MaxConcurrency = 1, TimeProvider = clock })).Named(name))
                : op.WithBulkhead(new Bulkhead(new() { MaxConcurrency = 1, TimeProvider = clock, Name = name })),
            d => d.Slow(TimeSpan.FromSeconds(1)),
            [ResilienceTelemetry.Rejections, ResilienceTelemetry.Duration],
            callers: 2);

    [Fact]
    public void Concurrency_limit_reports_the_same_either_way() =>
        AssertSame(
            (op, clock, name, viaPolicy) => viaPolicy
                ? op.WithPolicy(Policy.ConcurrencyLimit(new AdaptiveConcurrencyLimiter(new() { InitialLimit = 1, MaxLimit = 1, TimeProvider = clock })).Named(name))
                : op.WithConcurrencyLimit(new AdaptiveConcurrencyLimiter(new() { InitialLimit = 1, MaxLimit = 1, TimeProvider = clock, Name = name })),
            d => d.Slow(TimeSpan.FromSeconds(1)),
            [ResilienceTelemetry.Rejections, ResilienceTelemetry.Duration],
            callers: 2);

    [Fact]
    public void Rate_limiter_reports_the_same_either_way() =>
        AssertSame(
            (op, clock, name, viaPolicy) => viaPolicy
                ? op.WithPolicy(Policy.RateLimiter(new TokenBucket(new() { Burst = 1, TokensPerPeriod = 1, TimeProvider = clock })).Named(name))
                : op.WithRateLimiter(new TokenBucket(new() { Burst = 1, TokensPerPeriod = 1, TimeProvider = clock, Name = name })),
            d => d.Scripted(Ok),
            [ResilienceTelemetry.Rejections, ResilienceTelemetry.Duration],
            calls: 2);

    [Fact]
    public void Hedging_reports_the_same_either_way()
    {
        var options = new HedgingOptions { Delay = TimeSpan.FromSeconds(1), MaxHedgedAttempts = 1 };
        AssertSame(
            (op, clock, name, viaPolicy) => viaPolicy
                ? op.WithPolicy(Policy.Hedging(options with { TimeProvider = clock }).Named(name))
                : op.WithHedging(options with { TimeProvider = clock, Name = name }),
            d => d.Slow(TimeSpan.FromSeconds(3)),
            [ResilienceTelemetry.Attempts, ResilienceTelemetry.AttemptDuration, ResilienceTelemetry.Events, ResilienceTelemetry.Duration],
            expectedTag: $"{ResilienceTelemetry.EventTag}={HedgingTelemetry.HedgeStarted}");
    }

    [Fact]
    public void Chaos_fault_reports_the_same_either_way() =>
        AssertSame(
            (op, clock, name, viaPolicy) =>
            {
                var chaos = new ChaosController(new ChaosOptions { Random = new Random(7), TimeProvider = clock });
                return viaPolicy
                    ? op.WithPolicy(Policy.Chaos(chaos, new ChaosFault(0.5, Downstream.Transient)).Named(name))
                    : op.WithChaos(chaos, new ChaosFault(0.5, Downstream.Transient) { Name = name });
            },
            d => d.Scripted(Ok),
            [ResilienceTelemetry.Events, ResilienceTelemetry.Duration],
            calls: 6,
            expectedTag: $"{ChaosTelemetry.KindTag}={ChaosTelemetry.Fault}");

    [Fact]
    public void Chaos_latency_reports_the_same_either_way() =>
        AssertSame(
            (op, clock, name, viaPolicy) =>
            {
                var chaos = new ChaosController(new ChaosOptions { Random = new Random(7), TimeProvider = clock });
                return viaPolicy
                    ? op.WithPolicy(Policy.Chaos(chaos, new ChaosLatency(0.5, TimeSpan.FromSeconds(1))).Named(name))
                    : op.WithChaos(chaos, new ChaosLatency(0.5, TimeSpan.FromSeconds(1)) { Name = name });
            },
            d => d.Scripted(Ok),
            [ResilienceTelemetry.Events, ResilienceTelemetry.Duration],
            calls: 6,
            expectedTag: $"{ChaosTelemetry.KindTag}={ChaosTelemetry.Latency}");
}
