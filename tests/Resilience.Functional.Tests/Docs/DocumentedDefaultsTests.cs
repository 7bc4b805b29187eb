namespace Resilience.Functional.Tests.Docs;

/// <summary>
/// The defaults the option tables of docs/*.md state, checked against the code, so a changed default fails here until
/// its page says the new one.
/// </summary>
public class DocumentedDefaultsTests
{
    [Fact]
    public void Retry_and_budgets_as_in_retry_md()
    {
        var retry = new RetryOptions();
        Assert.Equal("Exponential(200ms, x2).CapDelay(30s).FullJitter().MaxRetries(3)", retry.Backoff.ToString());
        Assert.Same(ErrorClassifier.Default, retry.Classifier);
        Assert.Null(retry.Budget);
        Assert.Null(retry.OnRetry);
        Assert.Same(TimeProvider.System, retry.TimeProvider);
        Assert.Same(Random.Shared, retry.Random);

        var percent = new PercentRetryBudgetOptions();
        Assert.Equal((0.2, 10.0, TimeSpan.FromSeconds(10)), (percent.RetryRatio, percent.MinRetriesPerSecond, percent.Ttl));
        Assert.Same(TimeProvider.System, percent.TimeProvider);
    }

    [Fact]
    public void Circuit_breaker_as_in_circuit_breaker_md()
    {
        var options = new CircuitBreakerOptions();
        Assert.Equal(5, options.ConsecutiveFailures);
        Assert.Null(options.FailureRatio);
        Assert.Null(options.SlowCallRatio);
        Assert.Equal(TimeSpan.FromSeconds(10), options.SlowCallDuration);
        Assert.Equal((false, 100), (options.Window.IsTimeBased, options.Window.Size));
        Assert.Equal(10, options.MinimumThroughput);
        Assert.Equal("Fixed(30s)", options.BreakDuration.ToString());
        Assert.Equal(1, options.HalfOpenProbes);
        Assert.Equal(TimeSpan.FromSeconds(30), options.ProbeTimeout);
        Assert.Same(ErrorClassifier.Default, options.Classifier);
        Assert.Same(TimeProvider.System, options.TimeProvider);
    }

    [Fact]
    public void Timeout_bulkhead_and_token_bucket_as_in_their_pages()
    {
        var timeout = new TimeoutOptions();
        Assert.Equal((TimeSpan.FromSeconds(30), TimeoutMode.Cooperative), (timeout.Timeout, timeout.Mode));
        Assert.Same(TimeProvider.System, timeout.TimeProvider);

        var bulkhead = new BulkheadOptions();
        Assert.Equal((10, 0), (bulkhead.MaxConcurrency, bulkhead.MaxQueueLength));
        Assert.True(bulkhead.MaxQueueWait.IsNone);
        Assert.Same(TimeProvider.System, bulkhead.TimeProvider);

        var bucket = new TokenBucketOptions();
        Assert.Equal((10, TimeSpan.FromSeconds(1), 10), (bucket.TokensPerPeriod, bucket.Period, bucket.Burst));
        Assert.Same(TimeProvider.System, bucket.TimeProvider);
    }

    [Fact]
    public void Adaptive_concurrency_limit_as_in_concurrency_limit_md()
    {
        var options = new AdaptiveConcurrencyOptions();
        Assert.IsType<Gradient2Options>(options.Algorithm);
        Assert.Equal((20, 1, 200, 0), (options.InitialLimit, options.MinLimit, options.MaxLimit, options.MaxQueueLength));
        Assert.True(options.MaxQueueWait.IsNone);
        Assert.Same(ErrorClassifier.Default, options.Classifier);
        Assert.Same(TimeProvider.System, options.TimeProvider);
        Assert.Equal("concurrency-limit", options.Name);

        var aimd = new AimdOptions();
        Assert.Equal((0.9, TimeSpan.FromSeconds(5)), (aimd.BackoffRatio, aimd.LatencyThreshold));
        var gradient2 = new Gradient2Options();
        Assert.Equal((0.2, 1.5, 600, 4), (gradient2.Smoothing, gradient2.RttTolerance, gradient2.LongWindow, gradient2.QueueSize));
    }

    [Fact]
    public void Fallback_hedging_and_chaos_as_in_their_pages()
    {
        var fallback = new FallbackOptions<int>(_ => Op.Succeed(0));
        Assert.Null(fallback.ShouldHandle);
        Assert.Null(fallback.OnFallback);

        var lastGood = new LastKnownGoodOptions();
        Assert.Equal((TimeSpan.FromMinutes(5), 1024), (lastGood.MaxStaleness, lastGood.MaxEntries));
        Assert.Same(TimeProvider.System, lastGood.TimeProvider);

        var hedging = new HedgingOptions();
        Assert.Equal((1, TimeSpan.FromSeconds(2)), (hedging.MaxHedgedAttempts, hedging.Delay));
        Assert.Same(ErrorClassifier.Default, hedging.ShouldHedge);
        Assert.Same(TimeProvider.System, hedging.TimeProvider);

        var chaos = new ChaosOptions();
        Assert.True(chaos.Enabled);
        Assert.Same(Random.Shared, chaos.Random);
        Assert.Same(TimeProvider.System, chaos.TimeProvider);
    }

    [Fact]
    public void Health_and_idempotency_as_in_their_pages()
    {
        var check = new HealthCheck("db", Op.Succeed(HealthResult.Healthy(null)));
        Assert.Equal((TimeSpan.FromSeconds(30), HealthState.Unhealthy), (check.Timeout, check.FailureState));
        Assert.Empty(check.Tags);
        Assert.Null(check.Measurement);
        Assert.Equal((0.8, 1.0), (HealthThresholds.Default.Degraded, HealthThresholds.Default.Unhealthy));

        var idempotency = new IdempotencyOptions();
        Assert.Equal(idempotency, IdempotencyOptions.Default);
        Assert.Equal((TimeSpan.FromHours(24), TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(1)), (idempotency.TimeToLive, idempotency.LeaseDuration, idempotency.ConflictRetryAfter));
        Assert.Equal(AmbiguousFailureMode.HoldKey, idempotency.OnAmbiguousFailure);
        Assert.Same(JsonIdempotencySerializer.Default, idempotency.Serializer);
        Assert.Same(ErrorClassifier.Default, idempotency.Classifier);
        Assert.Same(TimeProvider.System, idempotency.TimeProvider);
        Assert.Equal(255, IdempotencyGuard.MaxKeyLength);
    }

    [Fact]
    public void Backoff_defaults_as_in_backoff_md()
    {
        Assert.Equal("Exponential(100ms, x2)", Backoff.Exponential(TimeSpan.FromMilliseconds(100)).ToString());
        Assert.Equal(4, Backoff.Immediate.MaxRetries(4).Take(10, seed: 1).Count);
        Assert.Empty(Backoff.Never.Take(10, seed: 1));
    }
}
