namespace Resilience.Functional;

/// <summary>
/// What an idempotent call does with its key when the outcome is ambiguous: the operation was called and may or may
/// not have had its effect (a charge that timed out, a 503 after the request reached the server), so nothing can be
/// stored or replayed.
/// </summary>
/// <remarks>
/// An ambiguous failure is one of these, once the key was claimed and the operation called: the caller's
/// cancellation; an error that <see cref="IdempotencyOptions.Classifier"/> calls transient (timeouts, HTTP 408/429/5xx,
/// I/O and unknown exceptions by default); an exhausted retry or hedge, or a retry the budget refused, any of whose
/// attempts was ambiguous (one of them may have been the one that took effect); and a known outcome that could not be recorded (the serializer or the
/// store's complete call failed). Not ambiguous: a success or a permanent error (stored and replayed), and every failure
/// before the operation was called (an invalid key, cancellation before the start, a store that could not claim the
/// key, a conflict or fingerprint mismatch), which stores nothing and leaves the key as it was. The combinator sees only
/// the operation's final error, so a circuit breaker, bulkhead or rate limiter inside the idempotent operation that
/// rejects a later attempt still leaves the call ambiguous; put such guards outside <c>WithIdempotency</c> to reject
/// before the key is claimed.
/// </remarks>
public enum AmbiguousFailureMode
{
    /// <summary>
    /// Keep the key claimed until its lease runs out (the lease taken or last renewed): a duplicate in that time gets an
    /// <see cref="IdempotencyConflictError"/> and the operation does not run again. The safe choice for payments and
    /// other effects that must not happen twice; the default.
    /// </summary>
    HoldKey,

    /// <summary>
    /// Free the key at once so that a duplicate runs the operation again: for effects that are safe to repeat, where a
    /// quick retry matters more than a possible second run.
    /// </summary>
    ReleaseKey,
}
