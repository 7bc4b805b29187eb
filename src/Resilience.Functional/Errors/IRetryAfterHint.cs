using LanguageExt;

namespace Resilience.Functional;

/// <summary>An error that says how long to wait before trying again (rate limited, circuit open, HTTP 429/503).</summary>
public interface IRetryAfterHint
{
    /// <summary>The earliest sensible moment to try again, relative to when the error was made, if known.</summary>
    Option<TimeSpan> RetryAfter { get; }
}
