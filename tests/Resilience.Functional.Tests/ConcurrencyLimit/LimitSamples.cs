using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Tests;

/// <summary>What a measured call ended with, as the limiter sees it.</summary>
public enum SampleOutcome
{
    Success,
    Drop,
    Permanent,
    Cancelled,
}

/// <summary>One call fed to a limiter: how long it took, how many were in flight when it started, how it ended.</summary>
public sealed record CallSample(long LatencyTicks, int InFlight, SampleOutcome Outcome)
{
    public override string ToString() => $"{Outcome} {TimeSpan.FromTicks(LatencyTicks).TotalMilliseconds}ms/{InFlight}";
}

/// <summary>A limiter's settings and a run of calls.</summary>
public sealed record ConcurrencyScenario(AdaptiveConcurrencyOptions Options, CallSample[] Calls)
{
    public override string ToString() =>
        $"{Options.Algorithm} limit {Options.MinLimit}..{Options.MaxLimit} from {Options.InitialLimit}: [{string.Join(", ", Calls.Select(c => c.ToString()))}]";
}

/// <summary>Generators of limiter settings (both algorithms, every range) and of calls (latencies from 0 to an hour).</summary>
public static class ConcurrencyLimitArbitraries
{
    internal static Gen<ConcurrencyLimitAlgorithm> Aimd { get; } =
        from ratio in Gen.Choose(500, 999)
        from thresholdMs in Gen.Choose(1, 10_000)
        select (ConcurrencyLimitAlgorithm)new AimdOptions { BackoffRatio = ratio / 1000.0, LatencyThreshold = TimeSpan.FromMilliseconds(thresholdMs) };

    internal static Gen<ConcurrencyLimitAlgorithm> Gradient2(int minWindow = 1, int maxToleranceTenths = 100) =>
        from smoothing in Gen.Choose(1, 1000)
        from tolerance in Gen.Choose(10, maxToleranceTenths)
        from window in Gen.Choose(minWindow, 2000)
        from queue in Gen.Choose(0, 16)
        select (ConcurrencyLimitAlgorithm)new Gradient2Options { Smoothing = smoothing / 1000.0, RttTolerance = tolerance / 10.0, LongWindow = window, QueueSize = queue };

    internal static Gen<AdaptiveConcurrencyOptions> Options(Gen<ConcurrencyLimitAlgorithm> algorithms) =>
        from algorithm in algorithms
        from bounds in Gen.Two(Gen.Choose(1, 300))
        let min = Math.Min(bounds.Item1, bounds.Item2)
        let max = Math.Max(bounds.Item1, bounds.Item2)
        from initial in Gen.Choose(min, max)
        select new AdaptiveConcurrencyOptions { Algorithm = algorithm, MinLimit = min, MaxLimit = max, InitialLimit = initial, TimeProvider = new FakeTimeProvider() };

    internal static Gen<CallSample> Calls { get; } =
        from latency in Gen.Frequency(
            (1, Gen.Constant(0L)),
            (6, Gen.Choose(1, 2_000).Select(ms => ms * TimeSpan.TicksPerMillisecond)),
            (1, Gen.Choose(1, 3_600).Select(s => s * TimeSpan.TicksPerSecond)))
        from inFlight in Gen.Choose(1, 400)
        from outcome in Gen.Frequency((12, Gen.Constant(SampleOutcome.Success)), (3, Gen.Constant(SampleOutcome.Drop)), (1, Gen.Constant(SampleOutcome.Permanent)), (1, Gen.Constant(SampleOutcome.Cancelled)))
        select new CallSample(latency, inFlight, outcome);

    public static Arbitrary<ConcurrencyScenario> Scenarios() =>
        Arb.From(
            from options in Options(Gen.OneOf(Aimd, Gradient2()))
            from calls in Gen.ArrayOf(Calls)
            select new ConcurrencyScenario(options, calls));
}

/// <summary>Feeds calls to a limiter on its fake clock, as the combinator does after each call it ran.</summary>
internal static class LimiterFeed
{
    private static readonly Either<Error, int> Success = Right<Error, int>(1);
    private static readonly Either<Error, int> Drop = Left<Error, int>(new HttpStatusError(503));
    private static readonly Either<Error, int> Permanent = Left<Error, int>(new HttpStatusError(400));
    private static readonly Either<Error, int> Cancelled = Left<Error, int>(CancelledError.Instance);

    public static void Feed(this AdaptiveConcurrencyLimiter limiter, CallSample call)
    {
        var clock = (FakeTimeProvider)limiter.Options.TimeProvider;
        var started = clock.GetTimestamp();
        clock.Advance(TimeSpan.FromTicks(call.LatencyTicks));
        limiter.Record(
            call.Outcome switch
            {
                SampleOutcome.Success => Success,
                SampleOutcome.Drop => Drop,
                SampleOutcome.Permanent => Permanent,
                _ => Cancelled,
            },
            started,
            call.InFlight);
    }

    /// <summary>A busy success: as many calls in flight as the limit allows.</summary>
    public static CallSample Busy(this AdaptiveConcurrencyLimiter limiter, TimeSpan latency) =>
        new(latency.Ticks, Math.Max(1, limiter.Limit), SampleOutcome.Success);
}
