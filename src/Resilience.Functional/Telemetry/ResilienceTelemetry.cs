using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Resilience.Functional;

/// <summary>
/// The library's metrics and traces, with no dependency beyond the framework: one <see cref="Meter"/> and one
/// <see cref="ActivitySource"/>, both named <see cref="Name"/>. Nothing is measured unless a listener (OpenTelemetry,
/// <c>dotnet-counters</c>, a <see cref="MeterListener"/> or an <see cref="ActivityListener"/>) subscribes: every
/// recording site first checks its instrument's <see cref="Instrument.Enabled"/> or
/// <see cref="ActivitySource.HasListeners"/>, so a policy with nobody listening allocates nothing.
/// </summary>
/// <remarks>
/// Only executions through a <see cref="Policy"/> are measured (<see cref="Policy.Wrap{T}"/>,
/// <see cref="PolicyExtensions.WithPolicy{T}"/>); the operation-first combinators stay bare.
/// </remarks>
public static class ResilienceTelemetry
{
    /// <summary>The name of the meter and of the activity source: <c>Resilience.Functional</c>.</summary>
    public const string Name = "Resilience.Functional";

    /// <summary>Counter <c>resilience.functional.attempts</c> ({attempt}): every call of the protected operation
    /// (the innermost layer of a policy), tagged with the policy name, outcome and error type.</summary>
    public const string Attempts = "resilience.functional.attempts";

    /// <summary>Histogram <c>resilience.functional.attempt.duration</c> (s): the duration of each attempt.</summary>
    public const string AttemptDuration = "resilience.functional.attempt.duration";

    /// <summary>Counter <c>resilience.functional.retries</c> ({retry}): every retry a retry policy schedules, tagged
    /// with the policy name and the error type that caused it.</summary>
    public const string Retries = "resilience.functional.retries";

    /// <summary>Counter <c>resilience.functional.rejections</c> ({rejection}): calls a layer refused or cut short,
    /// tagged with the policy name and <c>resilience.rejection.reason</c>.</summary>
    public const string Rejections = "resilience.functional.rejections";

    /// <summary>Counter <c>resilience.functional.circuit_breaker.transitions</c> ({transition}): state changes of a
    /// breaker guarded by a policy, tagged with <c>resilience.circuit_breaker.from</c> and <c>…to</c>.</summary>
    public const string BreakerTransitions = "resilience.functional.circuit_breaker.transitions";

    /// <summary>Histogram <c>resilience.functional.duration</c> (s): the duration of a whole execution through a
    /// policy (every attempt and wait), tagged with the policy name, outcome and error type.</summary>
    public const string Duration = "resilience.functional.duration";

    /// <summary>Tag key of the policy's <see cref="Policy.Name"/>.</summary>
    public const string PolicyNameTag = "resilience.policy.name";

    /// <summary>Tag key of the outcome: <c>success</c> or <c>failure</c>.</summary>
    public const string OutcomeTag = "resilience.outcome";

    /// <summary>Tag key of the error's type name (OpenTelemetry's <c>error.type</c>), set on failures only.</summary>
    public const string ErrorTypeTag = "error.type";

    /// <summary>Tag key of a rejection's reason: <c>circuit_open</c>, <c>bulkhead_full</c>, <c>rate_limited</c>,
    /// <c>timeout</c>, <c>retry_budget_exhausted</c> or <c>retries_exhausted</c>.</summary>
    public const string RejectionReasonTag = "resilience.rejection.reason";

    /// <summary>Tag key of the state a breaker left.</summary>
    public const string FromStateTag = "resilience.circuit_breaker.from";

    /// <summary>Tag key of the state a breaker entered.</summary>
    public const string ToStateTag = "resilience.circuit_breaker.to";

    internal static readonly Meter Meter = new(Name);
    internal static readonly ActivitySource Source = new(Name);
    internal static readonly Counter<long> AttemptCounter = Meter.CreateCounter<long>(Attempts, "{attempt}", "Calls of the protected operation.");
    internal static readonly Histogram<double> AttemptSeconds = Meter.CreateHistogram<double>(AttemptDuration, "s", "Duration of each attempt.");
    internal static readonly Counter<long> RetryCounter = Meter.CreateCounter<long>(Retries, "{retry}", "Retries scheduled.");
    internal static readonly Counter<long> RejectionCounter = Meter.CreateCounter<long>(Rejections, "{rejection}", "Calls refused or cut short by a resilience layer.");
    internal static readonly Counter<long> TransitionCounter = Meter.CreateCounter<long>(BreakerTransitions, "{transition}", "Circuit breaker state changes.");
    internal static readonly Histogram<double> DurationSeconds = Meter.CreateHistogram<double>(Duration, "s", "Duration of an execution through a policy.");

    /// <summary>Whether any instrument or the activity source has a listener now.</summary>
    public static bool IsListening =>
        AttemptCounter.Enabled || AttemptSeconds.Enabled || RetryCounter.Enabled || RejectionCounter.Enabled
        || TransitionCounter.Enabled || DurationSeconds.Enabled || Source.HasListeners();
}
