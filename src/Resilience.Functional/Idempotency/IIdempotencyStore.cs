namespace Resilience.Functional;

/// <summary>
/// Where idempotency keys and stored outcomes live. <see cref="BeginAsync"/> must be atomic: of concurrent callers
/// with a free key, exactly one gets <see cref="IdempotencyBeginKind.Started"/>. Implementations may throw on
/// infrastructure failures; the policy turns that into an error and does not run the operation.
/// </summary>
public interface IIdempotencyStore
{
    /// <summary>Atomically claims <paramref name="key"/> if it is free (or expired), else reports what holds it.</summary>
    /// <param name="key">The idempotency key.</param>
    /// <param name="fingerprint">The request's fingerprint, kept with the key.</param>
    /// <param name="leaseDuration">How long the claim lasts if never completed or released (a crashed holder).</param>
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
}
