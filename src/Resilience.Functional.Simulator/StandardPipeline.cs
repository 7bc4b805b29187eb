namespace Resilience.Functional.Simulator;

/// <summary>
/// The standard pipeline, in the order users trust in .NET: rate limit → total timeout → retry (exponential
/// back-off, full jitter, transient errors only, shared retry budget) → circuit breaker → per-attempt timeout → call.
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

    /// <summary>
    /// Transient errors, except an open circuit: the breaker sits inside the retry, and waiting out its break
    /// would turn fast failure back into slow failure.
    /// </summary>
    public static ErrorClassifier RetryClassifier { get; } = ErrorClassifier.Default.Except(static e => e is CircuitOpenError);

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

    /// <summary>The retry settings: <see cref="Backoff"/>, <see cref="RetryClassifier"/>, a 20 % retry budget, all on the simulation's clock and seed.</summary>
    public static RetryOptions RetryOptions(Simulation simulation) => new()
    {
        Backoff = Backoff,
        Classifier = RetryClassifier,
        TimeProvider = simulation.Time,
        Random = simulation.Random.AsRandom(),
        Budget = new PercentRetryBudget(new PercentRetryBudgetOptions { RetryRatio = 0.2, MinRetriesPerSecond = 5, TimeProvider = simulation.Time }),
    };

    /// <summary>
    /// Builds the standard pipeline for <paramref name="simulation"/>. The one place that defines it: swap in the
    /// library's preset here.
    /// </summary>
    public static SimulatedPipeline Build(Simulation simulation)
    {
        var time = simulation.Time;
        var perSecond = (int)Math.Ceiling(simulation.Options.Requests.RatePerSecond * 2);
        var bucket = new TokenBucket(new TokenBucketOptions { TokensPerPeriod = perSecond, Period = TimeSpan.FromSeconds(1), Burst = perSecond, TimeProvider = time });
        var breaker = new CircuitBreaker(BreakerOptions(time));
        var retry = RetryOptions(simulation);
        var total = new TimeoutOptions { Timeout = TotalTimeout, TimeProvider = time };
        var attempt = new TimeoutOptions { Timeout = AttemptTimeout, TimeProvider = time };
        return new SimulatedPipeline(
            call => call
                .WithTimeout(attempt)
                .WithCircuitBreaker(breaker)
                .WithRetry(retry)
                .WithTimeout(total)
                .WithRateLimiter(bucket),
            [SimulatedPipeline.BreakerProbe(breaker)]);
    }
}
