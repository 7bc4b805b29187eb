using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>
/// A success value that a retry's <c>retryWhen</c> predicate called worth another try (an empty page, a job not done
/// yet), carried as an error so that it takes the path of a transient error: the classifier, the backoff, the budget,
/// telemetry (<c>error.type</c> <c>RetryableValueError</c>). Match <see cref="RetryableValueError{T}"/> for the value.
/// Transient under <see cref="ErrorClassifier.Default"/>.
/// </summary>
public abstract record RetryableValueError : Expected
{
    /// <summary>An error for a retried value, described by <paramref name="message"/>.</summary>
    /// <param name="message">The description.</param>
    protected RetryableValueError(string message)
        : base(message, ErrorCodes.RetryableValue, Option<Error>.None)
    {
    }
}
