using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>The retry combinator.</summary>
public static class RetryExtensions
{
    /// <summary>
    /// Retries <paramref name="operation"/> on transient errors: the first attempt runs at once; after a transient
    /// failure the backoff decides whether and how long to wait (at least the error's retry-after hint; a hint longer
    /// than the backoff's remaining elapsed time, or than the longest delay any option accepts (about 49.7 days, as
    /// from an isolated circuit or a break grown to years), ends the retry instead of waiting); a permanent
    /// error is returned as it is, the backoff's end gives <see cref="RetriesExhaustedError"/> with every attempt's
    /// error, a refusing budget gives <see cref="RetryBudgetExhaustedError"/>, and the caller's cancellation (also
    /// during a wait) gives <see cref="CancelledError"/> with no further attempt.
    /// </summary>
    /// <remarks>Reports its attempts, retries and rejections under <see cref="RetryOptions.Name"/> (docs/telemetry.md#retry).</remarks>
    /// <typeparam name="T">The type of the success value.</typeparam>
    /// <param name="operation">The operation to retry.</param>
    /// <param name="options">The settings.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Func<CancellationToken, ValueTask<Either<Error, T>>> WithRetry<T>(
        this Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        RetryOptions options)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(options);
        return Apply(operation, options, options.Name);
    }

    /// <summary>The retry reporting under <paramref name="name"/> (a policy's name), inside <paramref name="pipeline"/> if any.</summary>
    internal static Func<CancellationToken, ValueTask<Either<Error, T>>> Apply<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        RetryOptions options,
        string name,
        string? pipeline = null) =>
        new Retrier<T>(operation, options, name, pipeline).Invoke;
}
