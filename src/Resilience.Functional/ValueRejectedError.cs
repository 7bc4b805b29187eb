using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>A <c>where</c> clause rejected the success value. Permanent.</summary>
public sealed record ValueRejectedError : Expected
{
    /// <summary>The one instance: the rejection carries no per-call data.</summary>
    public static readonly ValueRejectedError Instance = new();

    private ValueRejectedError()
        : base("The value was rejected by a where clause.", ErrorCodes.ValueRejected, Option<Error>.None)
    {
    }
}
