namespace Resilience.Functional;

/// <summary>The telemetry names of the adaptive concurrency limit (docs/telemetry.md#concurrency-limit).</summary>
public static class ConcurrencyLimitTelemetry
{
    /// <summary>The default <see cref="AdaptiveConcurrencyOptions.Name"/>: <c>concurrency-limit</c>.</summary>
    public const string DefaultName = "concurrency-limit";

    /// <summary>Rejection reason: no free slot under the current limit and no room (or no more time) in the queue.</summary>
    public const string Exceeded = "concurrency_limit_exceeded";

    /// <summary>Event: the limit (its whole number of slots) changed; tagged with <see cref="DirectionTag"/>.</summary>
    public const string LimitChanged = "resilience.concurrency_limit.changed";

    /// <summary>Tag key of the direction of a change: <see cref="Increased"/> or <see cref="Decreased"/>.</summary>
    public const string DirectionTag = "resilience.concurrency_limit.direction";

    /// <summary>Direction value: the limit rose.</summary>
    public const string Increased = "increased";

    /// <summary>Direction value: the limit fell.</summary>
    public const string Decreased = "decreased";
}
