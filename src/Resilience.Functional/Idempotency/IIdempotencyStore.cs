namespace Resilience.Functional.Stores;

/// <summary>
/// Where idempotency keys and stored outcomes live. Each method is one atomic store operation (one round trip, one
/// script for a remote store): of concurrent callers with a free key, exactly one <see cref="BeginAsync"/> gets
/// <see cref="IdempotencyBeginKind.Started"/> and a lease, and <see cref="CompleteAsync"/>, <see cref="ReleaseAsync"/>
/// and <see cref="RenewAsync"/> act only while that lease still holds the key in flight, so a stale holder (whose
/// lease ran out and was taken by another call) can neither store, free nor extend the new holder's claim.
/// </summary>
/// <remarks>
/// The policy calls a store as untrusted code: a throw, a faulted task or a null answer from <see cref="BeginAsync"/>
/// becomes an <see cref="IdempotencyStoreUnavailableError"/> and the operation does not run; a failure of the other
/// methods never changes the caller's outcome.
/// </remarks>
public interface IIdempotencyStore
{
    /// <summary>Atomically claims <paramref name="key"/> if it is free (or expired), else reports what holds it.</summary>
    /// <param name="key">The idempotency key.</param>
    /// <param name="fingerprint">The request's fingerprint, kept with the key.</param>
    /// <param name="leaseDuration">How long the claim lasts if never completed, released or renewed (a crashed holder).</param>
    /// <param name="cancellationToken">The caller's token.</param>
    ValueTask<IdempotencyBegin> BeginAsync(string key, string? fingerprint, TimeSpan leaseDuration, CancellationToken cancellationToken);

    /// <summary>Stores the outcome for a key claimed with <paramref name="lease"/>; ignored if the lease is no longer the holder.</summary>
    /// <param name="key">The idempotency key.</param>
    /// <param name="lease">The lease from <see cref="BeginAsync"/>.</param>
    /// <param name="record">The outcome to replay.</param>
    /// <param name="timeToLive">How long the outcome is replayed.</param>
    /// <param name="cancellationToken">A token for the store call.</param>
    ValueTask CompleteAsync(string key, Guid lease, IdempotencyRecord record, TimeSpan timeToLive, CancellationToken cancellationToken);

    /// <summary>Frees a key claimed with <paramref name="lease"/> without storing anything; ignored if the lease is no longer the holder.</summary>
    /// <param name="key">The idempotency key.</param>
    /// <param name="lease">The lease from <see cref="BeginAsync"/>.</param>
    /// <param name="cancellationToken">A token for the store call.</param>
    ValueTask ReleaseAsync(string key, Guid lease, CancellationToken cancellationToken);

    /// <summary>
    /// Extends the claim of <paramref name="lease"/> to <paramref name="leaseDuration"/> from now, if that lease still
    /// holds the key in flight and has not run out; the policy calls it every third of the lease while the operation runs.
    /// </summary>
    /// <param name="key">The idempotency key.</param>
    /// <param name="lease">The lease from <see cref="BeginAsync"/>.</param>
    /// <param name="leaseDuration">The new length of the claim, counted from now.</param>
    /// <param name="cancellationToken">A token for the store call.</param>
    /// <returns>True if the lease was extended; false if it no longer holds the key (completed, released, run out or taken over).</returns>
    ValueTask<bool> RenewAsync(string key, Guid lease, TimeSpan leaseDuration, CancellationToken cancellationToken);
}
