using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional.Benchmarks;

/// <summary>The operations every benchmark calls, written the way a user would (not through <see cref="Op"/>).</summary>
internal static class Ops
{
    public static Func<CancellationToken, ValueTask<Either<Error, int>>> CompletedSuccess(int value)
    {
        var result = new ValueTask<Either<Error, int>>(Either<Error, int>.Right(value));
        return _ => result;
    }
}
