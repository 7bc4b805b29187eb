using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.Time.Testing;
using Resilience.Functional.Stores;
using static Resilience.Functional.Tests.Options.Ranges;

namespace Resilience.Functional.Tests.Options;

/// <summary>One settable property of an options type: the values it must accept and those it must reject (null when
/// it accepts every value of its type).</summary>
public sealed record OptionSetting(Type Options, string Property, Gen<object?> Accepted, Gen<object?>? Rejected)
{
    public override string ToString() => $"{Options.Name}.{Property}";
}

/// <summary>Every settable property of every public options type, with the ranges read from its guard.</summary>
public static class OptionSettings
{
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    private static readonly Gen<object?> PositiveDelay = Spans(Tick, MaxDelay).Boxed();
    private static readonly Gen<object?> NotPositiveDelay = SpansOutside(Tick, MaxDelay).Boxed();
    private static readonly Gen<object?> Positive = Spans(Tick, TimeSpan.MaxValue).Boxed();
    private static readonly Gen<object?> NotPositive = Spans(TimeSpan.MinValue, TimeSpan.Zero).Boxed();
    private static readonly Gen<object?> Clocks = NotNull(TimeProvider.System, new FakeTimeProvider());
    private static readonly Gen<object?> Classifiers = NotNull(ErrorClassifier.Default, ErrorClassifier.Create(_ => true));
    private static readonly Gen<object?> Randoms = NotNull(Random.Shared, new Random(1));

    private static readonly Func<Error, Func<CancellationToken, ValueTask<Either<Error, int>>>> AnyFallback = _ => Op.Succeed(0);

    /// <summary>Creates a fresh instance of an options type (the generic fallback options over int).</summary>
    public static object Create(Type options) =>
        options == typeof(FallbackOptions<int>) ? new FallbackOptions<int>(AnyFallback) : Activator.CreateInstance(options)!;

    /// <summary>The telemetry name every options type with a <c>Name</c> carries: any text that is not blank.</summary>
    private static readonly Gen<object?> Names = ArbMap.Default.GeneratorFor<NonWhiteSpaceString>().Select(s => (object?)s.Get);
    private static readonly Gen<object?> BlankNames = Gen.Elements<object?>(null, string.Empty, " ", "\t\n");

    public static IReadOnlyList<OptionSetting> All { get; } = WithNames(
    [
        new(typeof(BulkheadOptions), nameof(BulkheadOptions.MaxConcurrency), Ints(1, int.MaxValue).Boxed(), IntsOutside(1, int.MaxValue).Boxed()),
        new(typeof(BulkheadOptions), nameof(BulkheadOptions.MaxQueueLength), Ints(0, int.MaxValue).Boxed(), IntsOutside(0, int.MaxValue).Boxed()),
        new(typeof(BulkheadOptions), nameof(BulkheadOptions.MaxQueueWait),
            Gen.OneOf(Gen.Constant(Option<TimeSpan>.None), Spans(Tick, MaxDelay).Select(Option<TimeSpan>.Some)).Boxed(),
            SpansOutside(Tick, MaxDelay).Select(Option<TimeSpan>.Some).Boxed()),
        new(typeof(BulkheadOptions), nameof(BulkheadOptions.TimeProvider), Clocks, Null),

        new(typeof(AdaptiveConcurrencyOptions), nameof(AdaptiveConcurrencyOptions.Algorithm), NotNull(new AimdOptions(), new Gradient2Options { QueueSize = 0 }), Null),
        new(typeof(AdaptiveConcurrencyOptions), nameof(AdaptiveConcurrencyOptions.InitialLimit), Ints(1, int.MaxValue).Boxed(), IntsOutside(1, int.MaxValue).Boxed()),
        new(typeof(AdaptiveConcurrencyOptions), nameof(AdaptiveConcurrencyOptions.MinLimit), Ints(1, int.MaxValue).Boxed(), IntsOutside(1, int.MaxValue).Boxed()),
        new(typeof(AdaptiveConcurrencyOptions), nameof(AdaptiveConcurrencyOptions.MaxLimit), Ints(1, int.MaxValue).Boxed(), IntsOutside(1, int.MaxValue).Boxed()),
        new(typeof(AdaptiveConcurrencyOptions), nameof(AdaptiveConcurrencyOptions.MaxQueueLength), Ints(0, int.MaxValue).Boxed(), IntsOutside(0, int.MaxValue).Boxed()),
        new(typeof(AdaptiveConcurrencyOptions), nameof(AdaptiveConcurrencyOptions.MaxQueueWait),
            Gen.OneOf(Gen.Constant(Option<TimeSpan>.None), Spans(Tick, MaxDelay).Select(Option<TimeSpan>.Some)).Boxed(),
            SpansOutside(Tick, MaxDelay).Select(Option<TimeSpan>.Some).Boxed()),
        new(typeof(AdaptiveConcurrencyOptions), nameof(AdaptiveConcurrencyOptions.Classifier), Classifiers, Null),
        new(typeof(AdaptiveConcurrencyOptions), nameof(AdaptiveConcurrencyOptions.TimeProvider), Clocks, Null),

        new(typeof(AimdOptions), nameof(AimdOptions.BackoffRatio),
            Doubles(0.5, 1, lowOpen: false).Where(d => d < 1).Boxed(), Gen.OneOf(DoublesOutside(0.5, 1, lowOpen: false), Gen.Constant(1.0)).Boxed()),
        new(typeof(AimdOptions), nameof(AimdOptions.LatencyThreshold), Positive, NotPositive),

        new(typeof(Gradient2Options), nameof(Gradient2Options.Smoothing), Doubles(0, 1, lowOpen: true).Boxed(), DoublesOutside(0, 1, lowOpen: true).Boxed()),
        new(typeof(Gradient2Options), nameof(Gradient2Options.RttTolerance), Doubles(1, 10, lowOpen: false).Boxed(), DoublesOutside(1, 10, lowOpen: false).Boxed()),
        new(typeof(Gradient2Options), nameof(Gradient2Options.LongWindow), Ints(1, 100_000).Boxed(), IntsOutside(1, 100_000).Boxed()),
        new(typeof(Gradient2Options), nameof(Gradient2Options.QueueSize), Ints(0, int.MaxValue).Boxed(), IntsOutside(0, int.MaxValue).Boxed()),

        new(typeof(PartitionOptions), nameof(PartitionOptions.MaxPartitions), Ints(1, 1_000_000).Boxed(), IntsOutside(1, 1_000_000).Boxed()),
        new(typeof(PartitionOptions), nameof(PartitionOptions.IdleTimeout), Positive, NotPositive),
        new(typeof(PartitionOptions), nameof(PartitionOptions.TimeProvider), Clocks, Null),
        new(typeof(PartitionOptions), nameof(PartitionOptions.KeyInMetrics), Gen.Elements<object?>(true, false), null),

        new(typeof(TokenBucketOptions), nameof(TokenBucketOptions.TokensPerPeriod), Ints(1, int.MaxValue).Boxed(), IntsOutside(1, int.MaxValue).Boxed()),
        new(typeof(TokenBucketOptions), nameof(TokenBucketOptions.Period), PositiveDelay, NotPositiveDelay),
        new(typeof(TokenBucketOptions), nameof(TokenBucketOptions.Burst), Ints(1, int.MaxValue).Boxed(), IntsOutside(1, int.MaxValue).Boxed()),
        new(typeof(TokenBucketOptions), nameof(TokenBucketOptions.TimeProvider), Clocks, Null),

        new(typeof(TimeoutOptions), nameof(TimeoutOptions.Timeout), PositiveDelay, NotPositiveDelay),
        new(typeof(TimeoutOptions), nameof(TimeoutOptions.Mode), Defined<TimeoutMode>(), Undefined<TimeoutMode>()),
        new(typeof(TimeoutOptions), nameof(TimeoutOptions.TimeProvider), Clocks, Null),

        new(typeof(CircuitBreakerOptions), nameof(CircuitBreakerOptions.ConsecutiveFailures),
            Gen.OneOf(Null, Ints(1, int.MaxValue).Select(i => (int?)i).Boxed()), IntsOutside(1, int.MaxValue).Select(i => (int?)i).Boxed()),
        new(typeof(CircuitBreakerOptions), nameof(CircuitBreakerOptions.FailureRatio),
            Gen.OneOf(Null, Doubles(0, 1, lowOpen: true).Select(d => (double?)d).Boxed()), DoublesOutside(0, 1, lowOpen: true).Select(d => (double?)d).Boxed()),
        new(typeof(CircuitBreakerOptions), nameof(CircuitBreakerOptions.SlowCallRatio),
            Gen.OneOf(Null, Doubles(0, 1, lowOpen: true).Select(d => (double?)d).Boxed()), DoublesOutside(0, 1, lowOpen: true).Select(d => (double?)d).Boxed()),
        new(typeof(CircuitBreakerOptions), nameof(CircuitBreakerOptions.SlowCallDuration), Positive, NotPositive),
        new(typeof(CircuitBreakerOptions), nameof(CircuitBreakerOptions.Window), NotNull(SlidingWindow.ByCount(3), SlidingWindow.ByTime(TimeSpan.FromSeconds(1), 4)), Null),
        new(typeof(CircuitBreakerOptions), nameof(CircuitBreakerOptions.MinimumThroughput), Ints(1, int.MaxValue).Boxed(), IntsOutside(1, int.MaxValue).Boxed()),
        new(typeof(CircuitBreakerOptions), nameof(CircuitBreakerOptions.BreakDuration), NotNull(BreakDuration.Fixed(TimeSpan.FromSeconds(1))), Null),
        new(typeof(CircuitBreakerOptions), nameof(CircuitBreakerOptions.HalfOpenProbes), Ints(1, int.MaxValue).Boxed(), IntsOutside(1, int.MaxValue).Boxed()),
        new(typeof(CircuitBreakerOptions), nameof(CircuitBreakerOptions.ProbeTimeout), PositiveDelay, NotPositiveDelay),
        new(typeof(CircuitBreakerOptions), nameof(CircuitBreakerOptions.Classifier), Classifiers, Null),
        new(typeof(CircuitBreakerOptions), nameof(CircuitBreakerOptions.TimeProvider), Clocks, Null),

        new(typeof(HedgingOptions), nameof(HedgingOptions.MaxHedgedAttempts), Ints(1, 100).Boxed(), IntsOutside(1, 100).Boxed()),
        new(typeof(HedgingOptions), nameof(HedgingOptions.Delay),
            Gen.OneOf(Gen.Constant(Timeout.InfiniteTimeSpan), Spans(Tick, TimeSpan.MaxValue)).Boxed(),
            Spans(TimeSpan.MinValue, TimeSpan.Zero).Where(t => t != Timeout.InfiniteTimeSpan).Boxed()),
        new(typeof(HedgingOptions), nameof(HedgingOptions.ShouldHedge), Classifiers, Null),
        new(typeof(HedgingOptions), nameof(HedgingOptions.TimeProvider), Clocks, Null),

        new(typeof(FallbackOptions<int>), nameof(FallbackOptions<int>.Fallback), NotNull(AnyFallback), Null),
        new(typeof(FallbackOptions<int>), nameof(FallbackOptions<int>.ShouldHandle), Gen.OneOf(Null, NotNull((Func<Error, bool>)(_ => true))), null),
        new(typeof(FallbackOptions<int>), nameof(FallbackOptions<int>.OnFallback), Gen.OneOf(Null, NotNull((Action<Error>)(_ => { }))), null),

        new(typeof(ClusterBreakerOptions), nameof(ClusterBreakerOptions.FailureRatio), Doubles(0, 1, lowOpen: true).Boxed(), DoublesOutside(0, 1, lowOpen: true).Boxed()),
        new(typeof(ClusterBreakerOptions), nameof(ClusterBreakerOptions.MinimumThroughput), Ints(1, int.MaxValue).Boxed(), IntsOutside(1, int.MaxValue).Boxed()),
        new(typeof(ClusterBreakerOptions), nameof(ClusterBreakerOptions.Quorum), Ints(1, int.MaxValue).Boxed(), IntsOutside(1, int.MaxValue).Boxed()),
        new(typeof(ClusterBreakerOptions), nameof(ClusterBreakerOptions.PollInterval),
            Spans(TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(1)).Boxed(), SpansOutside(TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(1)).Boxed()),
        new(typeof(ClusterBreakerOptions), nameof(ClusterBreakerOptions.TimeProvider), Clocks, Null),

        new(typeof(LastKnownGoodOptions), nameof(LastKnownGoodOptions.MaxStaleness), Positive, NotPositive),
        new(typeof(LastKnownGoodOptions), nameof(LastKnownGoodOptions.MaxEntries), Ints(1, int.MaxValue).Boxed(), IntsOutside(1, int.MaxValue).Boxed()),
        new(typeof(LastKnownGoodOptions), nameof(LastKnownGoodOptions.TimeProvider), Clocks, Null),

        new(typeof(IdempotencyOptions), nameof(IdempotencyOptions.TimeToLive), Positive, NotPositive),
        new(typeof(IdempotencyOptions), nameof(IdempotencyOptions.LeaseDuration),
            Spans(TimeSpan.FromMilliseconds(1), TimeSpan.FromDays(30)).Boxed(), SpansOutside(TimeSpan.FromMilliseconds(1), TimeSpan.FromDays(30)).Boxed()),
        new(typeof(IdempotencyOptions), nameof(IdempotencyOptions.OnAmbiguousFailure), Defined<AmbiguousFailureMode>(), Undefined<AmbiguousFailureMode>()),
        new(typeof(IdempotencyOptions), nameof(IdempotencyOptions.TimeProvider), Clocks, Null),
        new(typeof(IdempotencyOptions), nameof(IdempotencyOptions.ConflictRetryAfter),
            Spans(TimeSpan.Zero, TimeSpan.MaxValue).Boxed(), Spans(TimeSpan.MinValue, -Tick).Boxed()),
        new(typeof(IdempotencyOptions), nameof(IdempotencyOptions.Serializer), NotNull(JsonIdempotencySerializer.Default), Null),
        new(typeof(IdempotencyOptions), nameof(IdempotencyOptions.Classifier), Classifiers, Null),

        new(typeof(SingleFlightOptions), nameof(SingleFlightOptions.ReuseFor), Spans(TimeSpan.Zero, TimeSpan.MaxValue).Boxed(), Spans(TimeSpan.MinValue, -Tick).Boxed()),
        new(typeof(SingleFlightOptions), nameof(SingleFlightOptions.MaxReused), Ints(1, 1_000_000).Boxed(), IntsOutside(1, 1_000_000).Boxed()),
        new(typeof(SingleFlightOptions), nameof(SingleFlightOptions.TimeProvider), Clocks, Null),

        new(typeof(PercentRetryBudgetOptions), nameof(PercentRetryBudgetOptions.Ttl),
            Spans(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60)).Boxed(), SpansOutside(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60)).Boxed()),
        new(typeof(PercentRetryBudgetOptions), nameof(PercentRetryBudgetOptions.MinRetriesPerSecond),
            Doubles(0, 1_000_000, lowOpen: false).Boxed(), DoublesOutside(0, 1_000_000, lowOpen: false).Boxed()),
        new(typeof(PercentRetryBudgetOptions), nameof(PercentRetryBudgetOptions.RetryRatio),
            Doubles(0, 10, lowOpen: false).Boxed(), DoublesOutside(0, 10, lowOpen: false).Boxed()),
        new(typeof(PercentRetryBudgetOptions), nameof(PercentRetryBudgetOptions.TimeProvider), Clocks, Null),

        new(typeof(RetryOptions), nameof(RetryOptions.Backoff), NotNull(Backoff.Immediate, Backoff.Constant(TimeSpan.FromSeconds(1)).MaxRetries(2)), Null),
        new(typeof(RetryOptions), nameof(RetryOptions.Classifier), Classifiers, Null),
        new(typeof(RetryOptions), nameof(RetryOptions.TimeProvider), Clocks, Null),
        new(typeof(RetryOptions), nameof(RetryOptions.Random), Randoms, Null),
        new(typeof(RetryOptions), nameof(RetryOptions.Budget), Gen.OneOf(Null, NotNull(new TokenRatioRetryBudget(10, 0.1))), null),
        new(typeof(RetryOptions), nameof(RetryOptions.OnRetry), Gen.OneOf(Null, NotNull((Action<RetryEvent>)(_ => { }))), null),

        new(typeof(ChaosOptions), nameof(ChaosOptions.Enabled), Gen.Elements(true, false).Boxed(), null),
        new(typeof(ChaosOptions), nameof(ChaosOptions.Random), Randoms, Null),
        new(typeof(ChaosOptions), nameof(ChaosOptions.TimeProvider), Clocks, Null),

        new(typeof(StandardPipelineOptions), nameof(StandardPipelineOptions.RateLimit), Gen.OneOf(Null, NotNull(new TokenBucketOptions())), null),
        new(typeof(StandardPipelineOptions), nameof(StandardPipelineOptions.TotalTimeout), NotNull(new TimeoutOptions()), Null),
        new(typeof(StandardPipelineOptions), nameof(StandardPipelineOptions.Retry), NotNull(new RetryOptions()), Null),
        new(typeof(StandardPipelineOptions), nameof(StandardPipelineOptions.RetryBudget), Gen.OneOf(Null, NotNull(new PercentRetryBudgetOptions())), null),
        new(typeof(StandardPipelineOptions), nameof(StandardPipelineOptions.CircuitBreaker), NotNull(new CircuitBreakerOptions()), Null),
        new(typeof(StandardPipelineOptions), nameof(StandardPipelineOptions.SharedCircuitBreaker), Gen.OneOf(Null, NotNull(new CircuitBreaker(new CircuitBreakerOptions()))), null),
        new(typeof(StandardPipelineOptions), nameof(StandardPipelineOptions.AttemptTimeout), NotNull(new TimeoutOptions()), Null),
        new(typeof(StandardPipelineOptions), nameof(StandardPipelineOptions.TimeProvider), Gen.OneOf(Null, Clocks), null),
    ]);

    // Every options type that names its telemetry has a Name setting with the same rule (OptionGuards.Name).
    private static List<OptionSetting> WithNames(List<OptionSetting> settings) =>
        [.. settings, .. settings.Select(o => o.Options).Distinct()
            .Where(t => t.GetProperty("Name") is { PropertyType: var type, CanWrite: true } && type == typeof(string))
            .Select(t => new OptionSetting(t, "Name", Names, BlankNames))];
}
