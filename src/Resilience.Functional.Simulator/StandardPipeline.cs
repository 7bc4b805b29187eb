namespace Resilience.Functional.Simulator;

/// <summary>
/// The library's standard preset, in the order users trust in .NET: rate limit → total timeout → retry (exponential
/// back-off, full jitter, transient errors only but never an open circuit, shared retry budget) → circuit breaker →
/// per-attempt timeout → call, with settings tuned for the simulated service.
/// </summary>
internal static class StandardPipeline
{
    /// <summary>The bound on a whole request, retries included.</summary>
    public static readonly TimeSpan TotalTimeout = TimeSpan.FromSeconds(2);

    /// <summary>The bound on one downstream call.</summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromMilliseconds(500);

    /// <summary>The retry schedule: exponential from 100 ms, capped at 1 s, full jitter, 3 retries.</summary>
    public static Backoff Backoff { get; } =
        Backoff.Exponential(TimeSpan.FromMilliseconds(100), 2).CapDelay(TimeSpan.FromSeconds(1)).FullJitter().MaxRetries(3);

    /// <summary>The breaker: opens when half the calls of the last 10 s failed (20 calls at least), for 5 s.</summary>
    public static CircuitBreakerOptions BreakerOptions(TimeProvider time) => new()
    {
        ConsecutiveFailures = null,
        FailureRatio = 0.5,
        Window = SlidingWindow.ByTime(TimeSpan.FromSeconds(10), 10),
        MinimumThroughput = 20,
        BreakDuration = BreakDuration.Fixed(TimeSpan.FromSeconds(5)),
        TimeProvider = time,
    };

    /// <summary>
    /// The retry settings: <see cref="Backoff"/>, the default classifier (transient errors only), a 20 % retry budget,
    /// all on the simulation's clock and seed. The preset adds that an open circuit is not retried.
    /// </summary>
    public static RetryOptions RetryOptions(Simulation simulation) => new()
    {
        Backoff = Backoff,
        TimeProvider = simulation.Time,
        Random = simulation.Random.AsRandom(),
        Budget = new PercentRetryBudget(new PercentRetryBudgetOptions { RetryRatio = 0.2, MinRetriesPerSecond = 5, TimeProvider = simulation.Time }),
    };

    /// <summary>
    /// The library's standard preset (<see cref="Policy.Standard(StandardPipelineOptions)"/>) tuned for the simulated
    /// service: the limits above, a bucket at twice the request rate, every part on the simulation's clock and seed.
    /// </summary>
    public static SimulatedPipeline Build(Simulation simulation)
    {
        var time = simulation.Time;
        var perSecond = (int)Math.Ceiling(simulation.Options.Requests.RatePerSecond * 2);
        var breaker = new CircuitBreaker(BreakerOptions(time));
        var standard = Policy.Standard(new StandardPipelineOptions
        {
            RateLimit = new TokenBucketOptions { TokensPerPeriod = perSecond, Period = TimeSpan.FromSeconds(1), Burst = perSecond },
            TotalTimeout = new TimeoutOptions { Timeout = TotalTimeout },
            Retry = RetryOptions(simulation),
            SharedCircuitBreaker = breaker,
            AttemptTimeout = new TimeoutOptions { Timeout = AttemptTimeout },
            TimeProvider = time,
        });
        return new SimulatedPipeline(call => call.WithPolicy(standard), [SimulatedPipeline.BreakerProbe(breaker)]);
    }
}
