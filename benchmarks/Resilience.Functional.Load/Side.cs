using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional.Load;

/// <summary>One library under load: a name and a call that reports whether it succeeded, safe to make from any thread.</summary>
/// <param name="Name">The name in the report.</param>
/// <param name="Call">One call through the library's pipeline, awaited to completion; true on success.</param>
internal sealed record Side(string Name, Func<bool> Call)
{
    /// <summary>The operation both pipelines wrap: a synchronously completing success, as in the benchmarks.</summary>
    public static Func<CancellationToken, ValueTask<Either<Error, int>>> Operation()
    {
        var result = new ValueTask<Either<Error, int>>(Either<Error, int>.Right(42));
        return _ => result;
    }
}
