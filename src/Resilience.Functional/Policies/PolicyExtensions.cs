using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>Applies a <see cref="Policy"/> operation-first.</summary>
public static class PolicyExtensions
{
    /// <summary>Protects <paramref name="operation"/> with <paramref name="policy"/> (the same as <see cref="Policy.Wrap{T}"/>).</summary>
    /// <typeparam name="T">The type of the success value.</typeparam>
    /// <param name="operation">The operation to protect.</param>
    /// <param name="policy">The policy.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Func<CancellationToken, ValueTask<Either<Error, T>>> WithPolicy<T>(
        this Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        Policy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return policy.Wrap(operation);
    }
}
