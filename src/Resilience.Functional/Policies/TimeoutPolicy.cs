using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>The timeout layer.</summary>
internal sealed class TimeoutPolicy(TimeoutOptions options) : Policy(options.Name)
{
    internal override TimeProvider Clock => options.TimeProvider;

    internal override string Settings => $"Timeout({Durations.Format(options.Timeout)}, {options.Mode})";

    internal override Func<CancellationToken, ValueTask<Either<Error, T>>> Build<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        string name,
        string? pipeline) =>
        TimeoutExtensions.Apply(operation, options, name, pipeline);
}
