using Resilience.Functional.Stores;

namespace Resilience.Functional;

/// <summary>
/// A thread-safe <see cref="IIdempotencyStore"/> in process memory, bounded to <see cref="MaxEntries"/> keys. When
/// full it evicts expired entries first, then the completed entry closest to expiry; if every entry is in flight,
/// <see cref="BeginAsync"/> throws <see cref="InvalidOperationException"/> (the call fails without running).
/// </summary>
public sealed class InMemoryIdempotencyStore : IIdempotencyStore
{
    private readonly Dictionary<string, Entry> entries = new(StringComparer.Ordinal);

    // Every (key, expiry) ever set, oldest expiry first; stale pairs are skipped when popped (lazy deletion).
    private readonly PriorityQueue<string, DateTimeOffset> byExpiry = new();
    private readonly Lock gate = new();
    private readonly TimeProvider timeProvider;

    /// <summary>A store of at most <paramref name="maxEntries"/> keys on <paramref name="timeProvider"/>.</summary>
    /// <param name="maxEntries">The size bound; at least 1.</param>
    /// <param name="timeProvider">The clock for expiry.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxEntries"/> is less than 1.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="timeProvider"/> is null.</exception>
    public InMemoryIdempotencyStore(int maxEntries, TimeProvider timeProvider)
    {
        MaxEntries = maxEntries >= 1
            ? maxEntries
            : throw new ArgumentOutOfRangeException(nameof(maxEntries), maxEntries, "maxEntries must be at least 1.");
        this.timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
    }

    /// <summary>A store of at most <paramref name="maxEntries"/> keys on the system clock.</summary>
    /// <param name="maxEntries">The size bound; at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxEntries"/> is less than 1.</exception>
    public InMemoryIdempotencyStore(int maxEntries)
        : this(maxEntries, TimeProvider.System)
    {
    }

    /// <summary>The most keys held at once.</summary>
    public int MaxEntries { get; }

    /// <summary>The number of keys held now, expired ones included until they are swept.</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return entries.Count;
            }
        }
    }

    /// <inheritdoc />
    public ValueTask<IdempotencyBegin> BeginAsync(string key, string? fingerprint, TimeSpan leaseDuration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var now = timeProvider.GetUtcNow();
        lock (gate)
        {
            if (entries.TryGetValue(key, out var existing) && existing.ExpiresAt > now)
            {
                return new(existing.Record is { } record
                    ? IdempotencyBegin.Completed(record)
                    : IdempotencyBegin.InFlight(existing.Fingerprint));
            }

            entries.Remove(key);
            if (entries.Count >= MaxEntries)
            {
                MakeRoom(now);
            }

            var lease = Guid.NewGuid();
            Set(key, new Entry(lease, fingerprint, null, Expiry(now, leaseDuration)));
            return new(IdempotencyBegin.Started(lease));
        }
    }

    /// <inheritdoc />
    public ValueTask CompleteAsync(string key, Guid lease, IdempotencyRecord record, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(record);
        var now = timeProvider.GetUtcNow();
        lock (gate)
        {
            if (entries.TryGetValue(key, out var existing) && existing.Lease == lease && existing.Record is null)
            {
                Set(key, existing with { Record = record, ExpiresAt = Expiry(now, timeToLive) });
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask ReleaseAsync(string key, Guid lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (gate)
        {
            if (entries.TryGetValue(key, out var existing) && existing.Lease == lease && existing.Record is null)
            {
                entries.Remove(key);
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<bool> RenewAsync(string key, Guid lease, TimeSpan leaseDuration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var now = timeProvider.GetUtcNow();
        lock (gate)
        {
            // A lease that ran out is not revived, as in a store whose keys expire on their own.
            if (entries.TryGetValue(key, out var existing) && existing.Lease == lease && existing.Record is null && existing.ExpiresAt > now)
            {
                Set(key, existing with { ExpiresAt = Expiry(now, leaseDuration) });
                return new(true);
            }
        }

        return new(false);
    }

    private void Set(string key, Entry entry)
    {
        entries[key] = entry;
        byExpiry.Enqueue(key, entry.ExpiresAt);
        if (byExpiry.Count > (4 * MaxEntries) + 16)
        {
            // Too many stale pairs: rebuild from the live entries so memory stays proportional to the bound.
            byExpiry.Clear();
            foreach (var (k, e) in entries)
            {
                byExpiry.Enqueue(k, e.ExpiresAt);
            }
        }
    }

    // Called under the lock when full. The earliest expiry is expired if anything is, so one walk from the front
    // frees an expired entry if there is one, else the completed entry closest to expiry; in-flight ones are kept.
    private void MakeRoom(DateTimeOffset now)
    {
        List<(string, DateTimeOffset)>? inFlight = null;
        try
        {
            while (byExpiry.TryDequeue(out var key, out var expiresAt))
            {
                if (!entries.TryGetValue(key, out var entry) || entry.ExpiresAt != expiresAt)
                {
                    continue;
                }

                if (entry.ExpiresAt > now && entry.Record is null)
                {
                    (inFlight ??= []).Add((key, expiresAt));
                    continue;
                }

                entries.Remove(key);
                return;
            }

            throw new InvalidOperationException($"The idempotency store is full: all {MaxEntries} keys are in flight.");
        }
        finally
        {
            foreach (var (key, expiresAt) in inFlight ?? [])
            {
                byExpiry.Enqueue(key, expiresAt);
            }
        }
    }

    // A TTL of TimeSpan.MaxValue means "never expires" rather than an overflow.
    private static DateTimeOffset Expiry(DateTimeOffset now, TimeSpan duration) =>
        duration >= DateTimeOffset.MaxValue - now ? DateTimeOffset.MaxValue : now + duration;

    private sealed record Entry(Guid Lease, string? Fingerprint, IdempotencyRecord? Record, DateTimeOffset ExpiresAt);
}
