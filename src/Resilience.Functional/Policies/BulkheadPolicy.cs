using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>The bulkhead layer.</summary>
internal sealed class BulkheadPolicy(Bulkhead bulkhead) : Policy(bulkhead.Options.Name)
{
    internal override TimeProvider Clock => bulkhead.Options.TimeProvider;

    internal override string Settings => Describe(bulkhead.Options);

    internal static string Describe(BulkheadOptions o) =>
        $"Bulkhead({o.MaxConcurrency} concurrent, queue {o.MaxQueueLength}, queue wait {o.MaxQueueWait.Match(Durations.Format, () => "unbounded")})";

    internal override Func<CancellationToken, ValueTask<Either<Error, T>>> Build<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        string name,
        string? pipeline) =>
        BulkheadExtensions.Apply(operation, bulkhead, name, pipeline);
}
