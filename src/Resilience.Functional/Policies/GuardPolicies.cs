using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>The timeout layer.</summary>
internal sealed class TimeoutPolicy(TimeoutOptions options) : Policy("timeout")
{
    internal override string Settings => $"Timeout({Durations.Format(options.Timeout)}, {options.Mode})";

    internal override TimeProvider Clock => options.TimeProvider;

    internal override Func<CancellationToken, ValueTask<Either<Error, T>>> Build<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        string name,
        bool measured) =>
        measured
            ? Measured.Rejections(
                operation.WithTimeout(options),
                name,
                static (error, limit) => error is TimeoutError t && t.Timeout == (TimeSpan)limit! ? "timeout" : null,
                (object?)options.Timeout)
            : operation.WithTimeout(options);
}

/// <summary>The bulkhead layer.</summary>
internal sealed class BulkheadPolicy(Bulkhead bulkhead) : Policy("bulkhead")
{
    internal override string Settings =>
        $"Bulkhead({bulkhead.MaxConcurrency} concurrent, queue {bulkhead.MaxQueueLength}, queue wait {bulkhead.Options.MaxQueueWait.Match(Durations.Format, () => "unbounded")})";

    internal override TimeProvider Clock => bulkhead.Options.TimeProvider;

    internal override Func<CancellationToken, ValueTask<Either<Error, T>>> Build<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        string name,
        bool measured) =>
        measured
            ? Measured.Rejections(
                operation.WithBulkhead(bulkhead),
                name,
                static (error, full) => ReferenceEquals(error, full) ? "bulkhead_full" : null,
                (object?)bulkhead.FullError)
            : operation.WithBulkhead(bulkhead);
}

/// <summary>The token-bucket rate-limiter layer.</summary>
internal sealed class RateLimiterPolicy(TokenBucket bucket, TimeSpan maxWait) : Policy("rate-limiter")
{
    internal override string Settings =>
        $"TokenBucket({bucket.Options.TokensPerPeriod} per {Durations.Format(bucket.Options.Period)}, burst {bucket.Options.Burst}, {(maxWait == TimeSpan.Zero ? "no wait" : $"wait up to {Durations.Format(maxWait)}")})";

    internal override TimeProvider Clock => bucket.Options.TimeProvider;

    internal override Func<CancellationToken, ValueTask<Either<Error, T>>> Build<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        string name,
        bool measured)
    {
        var limited = maxWait == TimeSpan.Zero ? operation.WithRateLimiter(bucket) : operation.WithRateLimiter(bucket, maxWait);
        return measured
            ? Measured.Rejections(limited, name, static (error, _) => error is RateLimitedError ? "rate_limited" : null, (object?)null)
            : limited;
    }
}

/// <summary>The hedging layer.</summary>
internal sealed class HedgingPolicy(HedgingOptions options) : Policy("hedging")
{
    internal override string Settings =>
        $"Hedging(up to {options.MaxHedgedAttempts} hedged attempt(s), delay {(options.Delay == System.Threading.Timeout.InfiniteTimeSpan ? "on failure only" : Durations.Format(options.Delay))})";

    internal override TimeProvider Clock => options.TimeProvider;

    internal override Func<CancellationToken, ValueTask<Either<Error, T>>> Build<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        string name,
        bool measured) => operation.WithHedging(options);
}

/// <summary>The chaos fault-injection layer.</summary>
internal sealed class ChaosFaultPolicy(ChaosController chaos, ChaosFault fault) : Policy("chaos-fault")
{
    internal override string Settings =>
        FormattableString.Invariant($"ChaosFault(rate {fault.Rate}, error {fault.Error.Message})");

    internal override TimeProvider Clock => chaos.TimeProvider;

    internal override Func<CancellationToken, ValueTask<Either<Error, T>>> Build<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        string name,
        bool measured) => operation.WithChaos(chaos, fault);
}

/// <summary>The chaos latency-injection layer.</summary>
internal sealed class ChaosLatencyPolicy(ChaosController chaos, ChaosLatency latency) : Policy("chaos-latency")
{
    internal override string Settings =>
        FormattableString.Invariant($"ChaosLatency(rate {latency.Rate}, latency {Durations.Format(latency.Latency)})");

    internal override TimeProvider Clock => chaos.TimeProvider;

    internal override Func<CancellationToken, ValueTask<Either<Error, T>>> Build<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        string name,
        bool measured) => operation.WithChaos(chaos, latency);
}
