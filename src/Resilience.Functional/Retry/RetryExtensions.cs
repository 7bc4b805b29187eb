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

    /// <summary>
    /// <see cref="WithRetry{T}(Func{CancellationToken, ValueTask{Either{Error, T}}}, RetryOptions)"/> that also retries
    /// a success whose value says "try again": a value for which <paramref name="retryWhen"/> holds becomes a
    /// <see cref="RetryableValueError{T}"/> carrying it, which the retry treats like any error — the classifier
    /// (transient under <see cref="ErrorClassifier.Default"/>), the backoff, the budget, telemetry. When the retry gives
    /// up, the value is in the error it returns (in <see cref="RetriesExhaustedError.Attempts"/>, in
    /// <see cref="RetryBudgetExhaustedError.Failure"/>, or the error itself past a deadline): read it with
    /// <see cref="RetriedValue{T}"/>. A predicate that throws gives its exception as the attempt's error.
    /// </summary>
    /// <remarks>A value the predicate accepts takes the retry's success path: no allocation. See docs/retry.md#retrying-on-values.</remarks>
    /// <typeparam name="T">The type of the success value.</typeparam>
    /// <param name="operation">The operation to retry.</param>
    /// <param name="options">The settings.</param>
    /// <param name="retryWhen">True for a value worth another try (say, <c>page =&gt; page.Items.Count == 0</c>).</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Func<CancellationToken, ValueTask<Either<Error, T>>> WithRetry<T>(
        this Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        RetryOptions options,
        Func<T, bool> retryWhen)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(retryWhen);
        var rejecting = operation
            .Map(value => retryWhen(value) ? Either<Error, T>.Left(new RetryableValueError<T>(value)) : Either<Error, T>.Right(value))
            .Flatten();
        return Apply(rejecting, options, options.Name);
    }

    /// <summary>
    /// The last value a retry's predicate rejected, from the error the retry returned: the error itself, the newest
    /// such value among a <see cref="RetriesExhaustedError"/>'s attempts, or a <see cref="RetryBudgetExhaustedError"/>'s
    /// failure; none when the error holds no value of type <typeparamref name="T"/>.
    /// </summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="error">The error a retry returned.</param>
    public static Option<T> RetriedValue<T>(this Error error) =>
        error switch
        {
            RetryableValueError<T> value => value.Value,
            RetriesExhaustedError exhausted => exhausted.Attempts.Rev().Choose(RetriedValue<T>).HeadOrNone(),
            RetryBudgetExhaustedError refused => RetriedValue<T>(refused.Failure),
            _ => Option<T>.None,
        };

    /// <summary>The retry reporting under <paramref name="name"/> (a policy's name), inside <paramref name="pipeline"/> if any.</summary>
    internal static Func<CancellationToken, ValueTask<Either<Error, T>>> Apply<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        RetryOptions options,
        string name,
        string? pipeline = null) =>
        new Retrier<T>(operation, options, name, pipeline).Invoke;
}
