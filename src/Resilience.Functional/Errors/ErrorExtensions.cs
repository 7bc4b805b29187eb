using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>Reading resilience facts off any <see cref="Error"/>.</summary>
public static class ErrorExtensions
{
    /// <summary>
    /// The retry-after hint the error carries (see <see cref="IRetryAfterHint"/>), looking through aggregated errors
    /// and taking the longest hint; <c>None</c> when there is none, or when a user's <see cref="IRetryAfterHint"/> throws
    /// (a broken hint is no hint: the error is still classified and retried by its schedule, never turned into an
    /// exception that escapes a combinator).
    /// </summary>
    /// <param name="error">The error.</param>
    public static Option<TimeSpan> RetryAfterHint(this Error error) =>
        error switch
        {
            IRetryAfterHint hinted => Read(hinted),
            ManyErrors many => many.Errors.Fold(Option<TimeSpan>.None, (longest, e) => Longest(longest, e.RetryAfterHint())),
            _ => Option<TimeSpan>.None,
        };

    /// <summary>Whether the error is the caller's cancellation (ours or LanguageExt's <see cref="Errors.Cancelled"/>).</summary>
    /// <param name="error">The error.</param>
    public static bool IsCancellation(this Error error) => error is CancelledError || error.Code == ErrorCodes.Cancelled;

    private static Option<TimeSpan> Read(IRetryAfterHint hinted)
    {
        try
        {
            return hinted.RetryAfter;
        }
        catch (Exception)
        {
            return Option<TimeSpan>.None;
        }
    }

    private static Option<TimeSpan> Longest(Option<TimeSpan> a, Option<TimeSpan> b) =>
        a.IsNone ? b : b.IsNone ? a : ((TimeSpan)a > (TimeSpan)b ? a : b);
}
