namespace Resilience.Functional;

/// <summary>The telemetry names of the retry pattern (docs/telemetry.md#retry).</summary>
public static class RetryTelemetry
{
    /// <summary>The default <see cref="RetryOptions.Name"/>: <c>retry</c>.</summary>
    public const string DefaultName = "retry";

    /// <summary>The span event added for each retry, with the retry number, its delay and the error type.</summary>
    public const string RetryEvent = "resilience.retry";

    /// <summary>Rejection reason: the backoff ended (or a retry-after hint was too long to wait).</summary>
    public const string RetriesExhausted = "retries_exhausted";

    /// <summary>Rejection reason: the shared retry budget refused the retry.</summary>
    public const string BudgetExhausted = "retry_budget_exhausted";

    /// <summary>Rejection reason: the next wait would end at or after the deadline of the timeout the retry runs in.</summary>
    public const string PastDeadline = "wait_past_deadline";
}
