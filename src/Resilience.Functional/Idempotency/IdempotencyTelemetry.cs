namespace Resilience.Functional;

/// <summary>The telemetry names of idempotency (docs/telemetry.md#idempotency).</summary>
public static class IdempotencyTelemetry
{
    /// <summary>The default <see cref="IdempotencyOptions.Name"/>: <c>idempotency</c>.</summary>
    public const string DefaultName = "idempotency";

    /// <summary>Event: a completed key replayed its stored result; the operation did not run.</summary>
    public const string Replayed = "resilience.idempotency.replayed";

    /// <summary>Event: a duplicate arrived while the first call with its key was running; it got a conflict error.</summary>
    public const string Conflict = "resilience.idempotency.conflict";
}
