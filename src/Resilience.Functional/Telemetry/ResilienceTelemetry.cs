using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Resilience.Functional;

/// <summary>
/// The library's metrics and traces, with no dependency beyond the framework: one <see cref="Meter"/> and one
/// <see cref="ActivitySource"/>, both named <see cref="Name"/>. Nothing is measured unless a listener (OpenTelemetry,
/// <c>dotnet-counters</c>, a <see cref="MeterListener"/> or an <see cref="ActivityListener"/>) subscribes: every
/// recording site first checks its instrument's <see cref="Instrument.Enabled"/> or
/// <see cref="ActivitySource.HasListeners"/>, so a pattern with nobody listening allocates nothing.
/// </summary>
/// <remarks>
/// Every pattern measures itself, whether applied operation-first (<c>op.WithRetry(options)</c>) or through a
/// <see cref="Policy"/>: a policy only passes its name to the combinator. Each pattern's event and reason names are in
/// its own constants class (<see cref="RetryTelemetry"/>, <see cref="CircuitBreakerTelemetry"/>, …); every name,
/// unit and tag is listed in docs/telemetry.md.
/// </remarks>
public static class ResilienceTelemetry
{
    /// <summary>The name of the meter and of the activity source: <c>Resilience.Functional</c>.</summary>
    public const string Name = "Resilience.Functional";

    /// <summary>Counter <c>resilience.functional.attempts</c> ({attempt}): every call of the protected operation by
    /// a pattern that makes attempts (retry, hedging), tagged with the policy name, outcome and error type.</summary>
    public const string Attempts = "resilience.functional.attempts";

    /// <summary>Histogram <c>resilience.functional.attempt.duration</c> (s): the duration of each attempt.</summary>
    public const string AttemptDuration = "resilience.functional.attempt.duration";

    /// <summary>Counter <c>resilience.functional.retries</c> ({retry}): every retry a retry schedules, tagged
    /// with the policy name, the retry number and the error type that caused it.</summary>
    public const string Retries = "resilience.functional.retries";

    /// <summary>Counter <c>resilience.functional.rejections</c> ({rejection}): calls a layer refused or cut short,
    /// tagged with the policy name and <c>resilience.rejection.reason</c>.</summary>
    public const string Rejections = "resilience.functional.rejections";

    /// <summary>Counter <c>resilience.functional.circuit_breaker.transitions</c> ({transition}): state changes of a
    /// breaker, tagged with the breaker's name, <c>resilience.circuit_breaker.from</c> and <c>…to</c>.</summary>
    public const string BreakerTransitions = "resilience.functional.circuit_breaker.transitions";

    /// <summary>Histogram <c>resilience.functional.duration</c> (s): the duration of one execution of a pattern
    /// (every attempt and wait inside it), tagged with the policy name, outcome and error type.</summary>
    public const string Duration = "resilience.functional.duration";

    /// <summary>Counter <c>resilience.functional.events</c> ({event}): the events of a pattern that are neither
    /// attempts, retries, rejections nor transitions (a hedge started, a fallback used, chaos injected, an idempotent
    /// replay or conflict), tagged with the policy name and <c>resilience.event</c>.</summary>
    public const string Events = "resilience.functional.events";

    /// <summary>The span event added to the current span for each rejection, with the policy name and the reason.</summary>
    public const string RejectionEvent = "resilience.rejection";

    /// <summary>Tag key of the name a pattern reports under: its options' <c>Name</c> (the pattern's name by default), or the <see cref="Policy.Name"/> of the policy that applied it.</summary>
    public const string PolicyNameTag = "resilience.policy.name";

    /// <summary>Tag key of the <see cref="Policy.Name"/> of the pipeline a layer runs in; absent outside a pipeline.</summary>
    public const string PipelineNameTag = "resilience.pipeline.name";

    /// <summary>Tag key of the partition key's text of a partitioned pattern (docs/partitioning.md#telemetry): on its
    /// spans and span events; on its measurements only with <see cref="PartitionOptions.KeyInMetrics"/>.</summary>
    public const string PartitionKeyTag = "resilience.partition.key";

    /// <summary>Tag key of the outcome: <c>success</c> or <c>failure</c>.</summary>
    public const string OutcomeTag = "resilience.outcome";

    /// <summary>Tag key of the error's type name (OpenTelemetry's <c>error.type</c>), set on failures only.</summary>
    public const string ErrorTypeTag = "error.type";

    /// <summary>Tag key of a rejection's reason: <c>circuit_open</c>, <c>bulkhead_full</c>, <c>rate_limited</c>,
    /// <c>timeout</c>, <c>retry_budget_exhausted</c>, <c>retries_exhausted</c> or <c>hedging_exhausted</c>.</summary>
    public const string RejectionReasonTag = "resilience.rejection.reason";

    /// <summary>Tag key of an event's name on <c>resilience.functional.events</c>, e.g. <c>resilience.hedging.started</c>.</summary>
    public const string EventTag = "resilience.event";

    /// <summary>Tag key of the retry number (1 for the first retry) on retries and retry span events.</summary>
    public const string AttemptTag = "resilience.attempt";

    /// <summary>Tag key of the delay before a retry, in seconds, on the retry span event.</summary>
    public const string RetryDelayTag = "resilience.retry.delay";

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
    internal static readonly Histogram<double> DurationSeconds = Meter.CreateHistogram<double>(Duration, "s", "Duration of one execution of a resilience pattern.");
    internal static readonly Counter<long> EventCounter = Meter.CreateCounter<long>(Events, "{event}", "Events of resilience patterns.");

    /// <summary>Whether any instrument or the activity source has a listener now.</summary>
    public static bool IsListening =>
        AttemptCounter.Enabled || AttemptSeconds.Enabled || RetryCounter.Enabled || RejectionCounter.Enabled
        || TransitionCounter.Enabled || DurationSeconds.Enabled || EventCounter.Enabled || Source.HasListeners();
}
