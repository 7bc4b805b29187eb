using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>The timeout layer.</summary>
internal sealed class TimeoutPolicy(TimeoutOptions options) : Policy(options.Name)
{
    internal override string Settings => $"Timeout({Durations.Format(options.Timeout)}, {options.Mode})";

    internal override Func<CancellationToken, ValueTask<Either<Error, T>>> Build<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        string name,
        string? pipeline) =>
        TimeoutExtensions.Apply(operation, options, name, pipeline);
}

/// <summary>The bulkhead layer.</summary>
internal sealed class BulkheadPolicy(Bulkhead bulkhead) : Policy(bulkhead.Options.Name)
{
    internal override string Settings =>
        $"Bulkhead({bulkhead.MaxConcurrency} concurrent, queue {bulkhead.MaxQueueLength}, queue wait {bulkhead.Options.MaxQueueWait.Match(Durations.Format, () => "unbounded")})";

    internal override Func<CancellationToken, ValueTask<Either<Error, T>>> Build<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        string name,
        string? pipeline) =>
        BulkheadExtensions.Apply(operation, bulkhead, name, pipeline);
}

/// <summary>The token-bucket rate-limiter layer.</summary>
internal sealed class RateLimiterPolicy(TokenBucket bucket, TimeSpan maxWait) : Policy(bucket.Options.Name)
{
    internal override string Settings =>
        $"TokenBucket({bucket.Options.TokensPerPeriod} per {Durations.Format(bucket.Options.Period)}, burst {bucket.Options.Burst}, {(maxWait == TimeSpan.Zero ? "no wait" : $"wait up to {Durations.Format(maxWait)}")})";

    internal override Func<CancellationToken, ValueTask<Either<Error, T>>> Build<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        string name,
        string? pipeline) =>
        RateLimiterExtensions.Apply(operation, bucket, maxWait, name, pipeline);
}

/// <summary>The hedging layer.</summary>
internal sealed class HedgingPolicy(HedgingOptions options) : Policy(options.Name)
{
    internal override string Settings =>
        $"Hedging(up to {options.MaxHedgedAttempts} hedged attempt(s), delay {(options.Delay == System.Threading.Timeout.InfiniteTimeSpan ? "on failure only" : Durations.Format(options.Delay))})";

    internal override Func<CancellationToken, ValueTask<Either<Error, T>>> Build<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        string name,
        string? pipeline) =>
        HedgingExtensions.Apply(operation, options, name, pipeline);
}

/// <summary>The chaos fault-injection layer.</summary>
internal sealed class ChaosFaultPolicy(ChaosController chaos, ChaosFault fault) : Policy(fault.Name)
{
    internal override string Settings =>
        FormattableString.Invariant($"ChaosFault(rate {fault.Rate}, error {fault.Error.Message})");

    internal override Func<CancellationToken, ValueTask<Either<Error, T>>> Build<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        string name,
        string? pipeline) =>
        ChaosExtensions.Apply(operation, chaos, fault, name, pipeline);
}

/// <summary>The chaos latency-injection layer.</summary>
internal sealed class ChaosLatencyPolicy(ChaosController chaos, ChaosLatency latency) : Policy(latency.Name)
{
    internal override string Settings =>
        FormattableString.Invariant($"ChaosLatency(rate {latency.Rate}, latency {Durations.Format(latency.Latency)})");

    internal override Func<CancellationToken, ValueTask<Either<Error, T>>> Build<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        string name,
        string? pipeline) =>
        ChaosExtensions.Apply(operation, chaos, latency, name, pipeline);
}
