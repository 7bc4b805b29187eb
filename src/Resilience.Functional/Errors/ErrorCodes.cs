using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>
/// The <see cref="Error.Code"/> of every error this library returns. Cancellation and timeout reuse LanguageExt's
/// own codes so that <c>error.Is(Errors.Cancelled)</c> and <c>error.Is(Errors.TimedOut)</c> keep working.
/// </summary>
public static class ErrorCodes
{
    /// <summary>The caller cancelled: LanguageExt's <see cref="Errors.CancelledCode"/>.</summary>
    public const int Cancelled = Errors.CancelledCode;

    /// <summary>A timeout fired: LanguageExt's <see cref="Errors.TimedOutCode"/>.</summary>
    public const int TimedOut = Errors.TimedOutCode;

    /// <summary>A circuit breaker rejected the call.</summary>
    public const int CircuitOpen = -1_900_000_001;

    /// <summary>A bulkhead had no free slot and no room in its queue.</summary>
    public const int BulkheadFull = -1_900_000_002;

    /// <summary>A rate limiter had no permit.</summary>
    public const int RateLimited = -1_900_000_003;

    /// <summary>A retry budget refused a retry.</summary>
    public const int RetryBudgetExhausted = -1_900_000_004;

    /// <summary>A retry schedule ended without a success.</summary>
    public const int RetriesExhausted = -1_900_000_005;

    /// <summary>A <c>where</c> clause rejected a value.</summary>
    public const int ValueRejected = -1_900_000_006;

    /// <summary>Every attempt of a hedged operation failed.</summary>
    public const int HedgingExhausted = -1_900_000_007;

    /// <summary>A retry's predicate rejected a success value (<see cref="RetryableValueError"/>).</summary>
    public const int RetryableValue = -1_900_000_008;

    /// <summary>A duplicate of an idempotent request arrived while the first was still running.</summary>
    public const int IdempotencyConflict = -1_900_000_801;

    /// <summary>An idempotency key was reused with a different request fingerprint.</summary>
    public const int IdempotencyFingerprintMismatch = -1_900_000_802;

    /// <summary>An idempotency key was null, empty or too long.</summary>
    public const int InvalidIdempotencyKey = -1_900_000_803;

    /// <summary>The idempotency store failed to claim a key, so the operation was not run.</summary>
    public const int IdempotencyStoreUnavailable = -1_900_000_804;

    /// <summary>A bounded set of partitions was full and none of its partitions could be evicted.</summary>
    public const int PartitionLimitReached = -1_900_000_901;

    /// <summary>An adaptive concurrency limiter had no free slot under its current limit and no room in its queue.</summary>
    public const int ConcurrencyLimitExceeded = -1_900_001_101;

    /// <summary>A request that may be sent only once was asked to be sent again (package Resilience.Functional.Http).</summary>
    public const int RequestNotReplayable = -1_900_001_001;
}
