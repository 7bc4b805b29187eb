using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>The chaos fault-injection layer.</summary>
internal sealed class ChaosFaultPolicy(ChaosController chaos, ChaosFault fault) : Policy(fault.Name)
{
    internal override TimeProvider Clock => chaos.TimeProvider;

    internal override string Settings =>
        FormattableString.Invariant($"ChaosFault(rate {fault.Rate}, error {fault.Error.Message})");

    internal override Func<CancellationToken, ValueTask<Either<Error, T>>> Build<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        string name,
        string? pipeline) =>
        ChaosExtensions.Apply(operation, chaos, fault, name, pipeline);
}
