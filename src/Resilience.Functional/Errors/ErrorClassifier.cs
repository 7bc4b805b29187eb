using System.ComponentModel.DataAnnotations;
using System.Net.Sockets;
using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>
/// Decides whether an error is transient (worth retrying, and counted by a circuit breaker as a downstream failure)
/// or permanent (returned as it is). The caller's cancellation is neither: no classifier can make it transient.
/// </summary>
/// <remarks>
/// <see cref="Default"/> (see docs/architecture.md#errors-and-the-classifier): timeouts, rejections by our own limits (circuit open, bulkhead full,
/// concurrency limit exceeded, rate limited, idempotency conflict, idempotency store unavailable), a value a retry's predicate rejected (<see cref="RetryableValueError"/>), HTTP 408/429/5xx and I/O-like exceptions are transient; other HTTP statuses, domain errors
/// (any other <see cref="Expected"/>), exhausted retries, hedges and budgets, LanguageExt's bottom, and programming or validation exceptions are
/// permanent. An exception type it does not know is transient, as in Polly: an unexpected fault is more often a
/// flaky dependency than a bug.
/// </remarks>
public sealed class ErrorClassifier
{
    private readonly Func<Error, bool> isTransient;

    private ErrorClassifier(Func<Error, bool> isTransient) => this.isTransient = isTransient;

    /// <summary>The library's default classification (see the remarks on <see cref="ErrorClassifier"/>).</summary>
    public static ErrorClassifier Default { get; } = new(IsTransientByDefault);

    /// <summary>A classifier from a predicate; cancellation stays non-transient whatever it says.</summary>
    /// <param name="isTransient">Returns true for errors worth retrying.</param>
    /// <exception cref="ArgumentNullException"><paramref name="isTransient"/> is null.</exception>
    public static ErrorClassifier Create(Func<Error, bool> isTransient) =>
        new(isTransient ?? throw new ArgumentNullException(nameof(isTransient)));

    /// <summary>Whether <paramref name="error"/> is transient. Cancellation never is; a throwing predicate means permanent.</summary>
    /// <param name="error">The error to classify.</param>
    public bool IsTransient(Error error)
    {
        if (error is null || error.IsCancellation())
        {
            return false;
        }

        try
        {
            return isTransient(error);
        }
        catch (Exception)
        {
            // A classifier bug must not turn every error into a retry storm; permanent is the safe answer.
            return false;
        }
    }

    /// <summary>A classifier that also calls errors transient when <paramref name="isTransient"/> holds.</summary>
    /// <param name="isTransient">Extra errors to call transient.</param>
    public ErrorClassifier OrWhen(Func<Error, bool> isTransient)
    {
        ArgumentNullException.ThrowIfNull(isTransient);
        var first = this.isTransient;
        return new(e => first(e) || isTransient(e));
    }

    /// <summary>A classifier that calls errors permanent when <paramref name="isPermanent"/> holds.</summary>
    /// <param name="isPermanent">Errors to call permanent whatever this classifier says.</param>
    public ErrorClassifier Except(Func<Error, bool> isPermanent)
    {
        ArgumentNullException.ThrowIfNull(isPermanent);
        var first = isTransient;
        return new(e => !isPermanent(e) && first(e));
    }

    /// <summary>Whether an HTTP status is transient: 408 Request Timeout, 429 Too Many Requests, and every 5xx.</summary>
    /// <param name="statusCode">The HTTP status code.</param>
    public static bool IsTransientHttpStatus(int statusCode) => statusCode is 408 or 429 or (>= 500 and <= 599);

    /// <summary>
    /// The default verdict on an exception: network, I/O and timeout exceptions (and unknown types) are transient;
    /// argument, validation, format, cast, null-reference and not-supported exceptions are permanent;
    /// <see cref="HttpRequestException"/> follows its status code when it has one; aggregates are transient
    /// only if every inner exception is.
    /// </summary>
    /// <param name="exception">The exception.</param>
    public static bool IsTransientException(Exception exception) =>
        exception switch
        {
            HttpRequestException { StatusCode: { } status } => IsTransientHttpStatus((int)status),
            HttpRequestException or IOException or SocketException or TimeoutException or OperationCanceledException => true,
            AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsTransientException),
            ArgumentException or ValidationException or FormatException or InvalidCastException or NullReferenceException
                or NotSupportedException or NotImplementedException or InvalidOperationException or KeyNotFoundException
                or UnauthorizedAccessException => false,
            _ => true,
        };

    private static bool IsTransientByDefault(Error error) =>
        error switch
        {
            TimeoutError or CircuitOpenError or BulkheadFullError or RateLimitedError or IdempotencyConflictError
                or IdempotencyStoreUnavailableError or ConcurrencyLimitExceededError or RetryableValueError => true,
            RetriesExhaustedError or RetryBudgetExhaustedError or ValueRejectedError or HedgingExhaustedError => false,
            { Code: Errors.BottomCode } => false,
            HttpStatusError http => IsTransientHttpStatus(http.StatusCode),
            ManyErrors many => !many.Errors.IsEmpty && many.Errors.ForAll(IsTransientByDefault),
            Exceptional => error.Exception.Match(IsTransientException, () => false),
            _ => error.Code == ErrorCodes.TimedOut,
        };
}
