using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Tests;

/// <summary>A policy and the operation-first combinator it stands for behave the same: same outcomes, same downstream calls.</summary>
public class PolicyEquivalenceTests
{
    private static readonly Either<Error, int> Fail = Left<Error, int>(Downstream.Transient);
    private static readonly Either<Error, int> Ok = Right<Error, int>(42);

    /// <summary>One world per form: its own clock, state objects and downstream, built by the same recipe.</summary>
    private sealed record Case(
        string Name,
        Func<FakeTimeProvider, Policy> Policy,
        Func<FakeTimeProvider, Func<Func<CancellationToken, ValueTask<Either<Error, int>>>, Func<CancellationToken, ValueTask<Either<Error, int>>>>> Combinator,
        Func<Downstream, Func<CancellationToken, ValueTask<Either<Error, int>>>> Operation,
        int Callers,
        int Rounds)
    {
        public override string ToString() => Name;
    }

    private static RetryOptions RetryOn(FakeTimeProvider clock) => new()
    {
        Backoff = Backoff.Exponential(TimeSpan.FromMilliseconds(200)).FullJitter().MaxRetries(3),
        TimeProvider = clock,
        Random = new Random(7),
    };

    private static CircuitBreakerOptions BreakerOn(FakeTimeProvider clock) =>
        new() { ConsecutiveFailures = 2, BreakDuration = BreakDuration.Fixed(TimeSpan.FromSeconds(1)), TimeProvider = clock };

    private static readonly Case[] Cases =
    [
        new("retry recovers", c => Policy.Retry(RetryOn(c)), c => op => op.WithRetry(RetryOn(c)), d => d.Scripted(Fail, Fail, Ok), 1, 1),
        new("retry exhausts", c => Policy.Retry(RetryOn(c)), c => op => op.WithRetry(RetryOn(c)), d => d.Scripted(Fail), 1, 2),
        new("retry stops on permanent", c => Policy.Retry(RetryOn(c)), c => op => op.WithRetry(RetryOn(c)), d => d.Scripted(Left<Error, int>(Downstream.Permanent)), 1, 1),
        new("breaker opens", c => Policy.CircuitBreaker(new CircuitBreaker(BreakerOn(c))), c => { var b = new CircuitBreaker(BreakerOn(c)); return op => op.WithCircuitBreaker(b); }, d => d.Scripted(Fail, Fail, Fail, Ok), 1, 6),
        new("timeout fires", c => Policy.Timeout(new() { Timeout = TimeSpan.FromSeconds(1), TimeProvider = c }), c => op => op.WithTimeout(new TimeoutOptions { Timeout = TimeSpan.FromSeconds(1), TimeProvider = c }), d => d.Hangs(), 2, 1),
        new("timeout passes", c => Policy.Timeout(new() { Timeout = TimeSpan.FromSeconds(1), TimeProvider = c }), c => op => op.WithTimeout(new TimeoutOptions { Timeout = TimeSpan.FromSeconds(1), TimeProvider = c }), d => d.Slow(TimeSpan.FromMilliseconds(300)), 1, 1),
        new("bulkhead rejects", c => Policy.Bulkhead(new Bulkhead(new() { MaxConcurrency = 2, TimeProvider = c })), c => { var b = new Bulkhead(new() { MaxConcurrency = 2, TimeProvider = c }); return op => op.WithBulkhead(b); }, d => d.Slow(TimeSpan.FromSeconds(1)), 4, 1),
        new("concurrency limit rejects", c => Policy.ConcurrencyLimit(new AdaptiveConcurrencyLimiter(new() { InitialLimit = 2, MaxLimit = 2, TimeProvider = c })), c => { var l = new AdaptiveConcurrencyLimiter(new() { InitialLimit = 2, MaxLimit = 2, TimeProvider = c }); return op => op.WithConcurrencyLimit(l); }, d => d.Slow(TimeSpan.FromSeconds(1)), 4, 1),
        new("rate limiter rejects", c => Policy.RateLimiter(new TokenBucket(new() { Burst = 2, TokensPerPeriod = 1, TimeProvider = c })), c => { var b = new TokenBucket(new() { Burst = 2, TokensPerPeriod = 1, TimeProvider = c }); return op => op.WithRateLimiter(b); }, d => d.Scripted(Ok), 4, 1),
        new("rate limiter waits", c => Policy.RateLimiter(new TokenBucket(new() { Burst = 1, TokensPerPeriod = 1, TimeProvider = c }), TimeSpan.FromSeconds(2)), c => { var b = new TokenBucket(new() { Burst = 1, TokensPerPeriod = 1, TimeProvider = c }); return op => op.WithRateLimiter(b, TimeSpan.FromSeconds(2)); }, d => d.Scripted(Ok), 4, 1),
        new("hedging hedges", c => Policy.Hedging(new() { Delay = TimeSpan.FromSeconds(1), MaxHedgedAttempts = 2, TimeProvider = c }), c => op => op.WithHedging(new HedgingOptions { Delay = TimeSpan.FromSeconds(1), MaxHedgedAttempts = 2, TimeProvider = c }), d => d.Slow(TimeSpan.FromMilliseconds(1500)), 1, 1),
        new("chaos fault", c => Policy.Chaos(new ChaosController(new() { Random = new Random(3), TimeProvider = c }), new ChaosFault(0.5, Downstream.Permanent)), c => { var x = new ChaosController(new() { Random = new Random(3), TimeProvider = c }); return op => op.WithChaos(x, new ChaosFault(0.5, Downstream.Permanent)); }, d => d.Scripted(Ok), 1, 10),
        new("chaos latency", c => Policy.Chaos(new ChaosController(new() { Random = new Random(3), TimeProvider = c }), new ChaosLatency(0.5, TimeSpan.FromSeconds(1))), c => { var x = new ChaosController(new() { Random = new Random(3), TimeProvider = c }); return op => op.WithChaos(x, new ChaosLatency(0.5, TimeSpan.FromSeconds(1))); }, d => d.Scripted(Ok), 3, 2),
    ];

    public static TheoryData<string> CaseNames() => [.. Cases.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Policy_and_combinator_give_the_same_outcomes_and_calls(string name)
    {
        var @case = Cases.Single(c => c.Name == name);

        var viaPolicy = Run(@case, (clock, op) => op.WithPolicy(@case.Policy(clock)));
        var viaWrap = Run(@case, (clock, op) => @case.Policy(clock).Wrap(op));
        var viaCombinator = Run(@case, (clock, op) => @case.Combinator(clock)(op));

        Assert.Equal(viaCombinator, viaPolicy);
        Assert.Equal(viaCombinator, viaWrap);
    }

    [Fact]
    public void A_pipeline_is_the_combinators_applied_innermost_first()
    {
        (string, int, TimeSpan) Pipeline(FakeTimeProvider c, Downstream d) =>
            Measure(c, d, Policy.Pipeline(
                Policy.Timeout(new() { Timeout = TimeSpan.FromSeconds(5), TimeProvider = c }),
                Policy.Retry(RetryOn(c)),
                Policy.CircuitBreaker(new CircuitBreaker(BreakerOn(c))),
                Policy.Timeout(new() { Timeout = TimeSpan.FromMilliseconds(500), TimeProvider = c })).Wrap(d.Hangs()));

        (string, int, TimeSpan) Combinators(FakeTimeProvider c, Downstream d) =>
            Measure(c, d, d.Hangs()
                .WithTimeout(new TimeoutOptions { Timeout = TimeSpan.FromMilliseconds(500), TimeProvider = c })
                .WithCircuitBreaker(new CircuitBreaker(BreakerOn(c)))
                .WithRetry(RetryOn(c))
                .WithTimeout(new TimeoutOptions { Timeout = TimeSpan.FromSeconds(5), TimeProvider = c }));

        var clock1 = new FakeTimeProvider();
        var clock2 = new FakeTimeProvider();
        var expected = Combinators(clock1, new Downstream(clock1));
        var actual = Pipeline(clock2, new Downstream(clock2));

        Assert.Equal(expected, actual);
        // Two attempt timeouts open the breaker; the third retry waits out the break (the open circuit's retry-after) and
        // its probe times out too; the last retry sees the circuit open again.
        Assert.Equal(3, actual.Item2);
    }

    private static (string, int, TimeSpan) Measure(FakeTimeProvider clock, Downstream downstream, Func<CancellationToken, ValueTask<Either<Error, int>>> op)
    {
        var (outcomes, elapsed) = Downstream.Drive(clock, op);
        return (string.Join("\n", outcomes), downstream.Calls, elapsed);
    }

    private static (string Outcomes, int Calls) Run(
        Case @case,
        Func<FakeTimeProvider, Func<CancellationToken, ValueTask<Either<Error, int>>>, Func<CancellationToken, ValueTask<Either<Error, int>>>> protect)
    {
        var clock = new FakeTimeProvider();
        var downstream = new Downstream(clock);
        var op = protect(clock, @case.Operation(downstream));
        var outcomes = new List<string>();
        for (var round = 0; round < @case.Rounds; round++)
        {
            var (results, elapsed) = Downstream.Drive(clock, op, @case.Callers);
            outcomes.AddRange(results);
            outcomes.Add($"after {elapsed}");
        }

        return (string.Join("\n", outcomes), downstream.Calls);
    }
}
