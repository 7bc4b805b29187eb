using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>The chaos latency-injection layer.</summary>
internal sealed class ChaosLatencyPolicy(ChaosController chaos, ChaosLatency latency) : Policy(latency.Name)
{
    internal override TimeProvider Clock => chaos.TimeProvider;

    internal override string Settings =>
        FormattableString.Invariant($"ChaosLatency(rate {latency.Rate}, latency {Durations.Format(latency.Latency)})");

    internal override Func<CancellationToken, ValueTask<Either<Error, T>>> Build<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        string name,
        string? pipeline) =>
        ChaosExtensions.Apply(operation, chaos, latency, name, pipeline);
}
