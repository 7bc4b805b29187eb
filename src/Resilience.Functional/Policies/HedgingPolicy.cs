using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>The hedging layer.</summary>
internal sealed class HedgingPolicy(HedgingOptions options) : Policy(options.Name)
{
    internal override TimeProvider Clock => options.TimeProvider;

    internal override string Settings =>
        $"Hedging(up to {options.MaxHedgedAttempts} hedged attempt(s), delay {(options.Delay == System.Threading.Timeout.InfiniteTimeSpan ? "on failure only" : Durations.Format(options.Delay))})";

    internal override Func<CancellationToken, ValueTask<Either<Error, T>>> Build<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        string name,
        string? pipeline) =>
        HedgingExtensions.Apply(operation, options, name, pipeline);
}
