namespace Resilience.Functional.Stores;

/// <summary>The answer of an atomic begin: started (with a lease), in flight, or completed (with the record).</summary>
/// <param name="Kind">What the store found.</param>
/// <param name="Lease">For <see cref="IdempotencyBeginKind.Started"/>: the lease identifying this holder.</param>
/// <param name="Fingerprint">For the other kinds: the fingerprint the key was first used with.</param>
/// <param name="Record">For <see cref="IdempotencyBeginKind.Completed"/>: the stored outcome.</param>
public sealed record IdempotencyBegin(IdempotencyBeginKind Kind, Guid Lease, string? Fingerprint, IdempotencyRecord? Record)
{
    /// <summary>The key was free and is now held under <paramref name="lease"/>.</summary>
    /// <param name="lease">The new holder's lease.</param>
    public static IdempotencyBegin Started(Guid lease) => new(IdempotencyBeginKind.Started, lease, null, null);

    /// <summary>Another call holds the key.</summary>
    /// <param name="fingerprint">The holder's fingerprint.</param>
    public static IdempotencyBegin InFlight(string? fingerprint) => new(IdempotencyBeginKind.InFlight, Guid.Empty, fingerprint, null);

    /// <summary>The key's outcome is stored.</summary>
    /// <param name="record">The stored outcome.</param>
    /// <exception cref="ArgumentNullException"><paramref name="record"/> is null.</exception>
    public static IdempotencyBegin Completed(IdempotencyRecord record) =>
        new(IdempotencyBeginKind.Completed, Guid.Empty, (record ?? throw new ArgumentNullException(nameof(record))).Fingerprint, record);
}
