using System.Collections.Concurrent;
using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>
/// A bounded set of stateful objects keyed by a partition key (a breaker per authority, a bulkhead per tenant), each
/// created on first use. At most <see cref="PartitionOptions.MaxPartitions"/> are kept: a partition unused for
/// <see cref="PartitionOptions.IdleTimeout"/> is evicted, and a new key in a full container evicts a partition not used
/// since the last pass of the eviction hand (an approximation of the least recently used one, the CLOCK algorithm) —
/// but only partitions whose value <c>canEvict</c> allows (an open or half-open breaker stays, or its protection would
/// be lost). Safe under concurrent use; a lookup of an existing key takes no lock. See docs/partitioning.md.
/// </summary>
/// <typeparam name="TKey">The partition key.</typeparam>
/// <typeparam name="TValue">The object kept per partition.</typeparam>
public sealed class Partitions<TKey, TValue>
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Entry> entries;
    private readonly Func<TKey, TValue> create;
    private readonly Func<TValue, bool> canEvict;
    // Read on every lookup: the cheap elapsed clock (whole milliseconds on the system clock), ample for idleness.
    private readonly ElapsedClock clock;
    private readonly long idleTicks;
    private readonly Lock gate = new();

    // Every live entry, densely, in the order the eviction hand visits them; only touched under the gate.
    private Entry[] ring = new Entry[4];
    private int used;
    private int hand;
    private long lastSweep;

    /// <summary>A container that creates a partition's value with <paramref name="create"/> on first use of its key.</summary>
    /// <param name="options">The bound and the idle timeout.</param>
    /// <param name="create">Makes the value of a new key; what it throws becomes the lookup's error.</param>
    /// <param name="canEvict">Whether a value may be evicted now; a throw means no.</param>
    /// <param name="comparer">The key comparer; null for the default.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/>, <paramref name="create"/> or <paramref name="canEvict"/> is null.</exception>
    public Partitions(PartitionOptions options, Func<TKey, TValue> create, Func<TValue, bool> canEvict, IEqualityComparer<TKey>? comparer = null)
    {
        Options = OptionGuards.NotNull(options, nameof(options));
        this.create = OptionGuards.NotNull(create, nameof(create));
        this.canEvict = OptionGuards.NotNull(canEvict, nameof(canEvict));
        clock = new ElapsedClock(options.TimeProvider);
        idleTicks = options.IdleTimeout.Ticks;
        entries = new ConcurrentDictionary<TKey, Entry>(comparer);
        lastSweep = clock.ElapsedTicks;
        LimitError = new PartitionLimitError(options.MaxPartitions);
    }

    /// <summary>The settings.</summary>
    public PartitionOptions Options { get; }

    /// <summary>The error of a lookup refused because the container is full (one instance, so a refusal allocates nothing).</summary>
    public PartitionLimitError LimitError { get; }

    /// <summary>How many partitions exist now.</summary>
    public int Count => entries.Count;

    /// <summary>
    /// The value of <paramref name="key"/>'s partition, created on first use; <see cref="PartitionLimitError"/> when the
    /// container is full and no partition can be evicted, or the error of a throwing <c>create</c>.
    /// </summary>
    /// <param name="key">The partition key.</param>
    public Either<Error, TValue> Get(TKey key)
    {
        var now = clock.ElapsedTicks;
        if (entries.TryGetValue(key, out var entry))
        {
            entry.Touch(now);
            SweepIfDue(now);
            return entry.Value;
        }

        return Add(key, now);
    }

    /// <summary>The value of an existing partition, without creating one or counting as a use.</summary>
    /// <param name="key">The partition key.</param>
    public Option<TValue> Find(TKey key) =>
        entries.TryGetValue(key, out var entry) ? entry.Value : Option<TValue>.None;

    /// <summary>Every partition now, as key and value, in no particular order.</summary>
    public IReadOnlyList<KeyValuePair<TKey, TValue>> Snapshot() =>
        [.. entries.Select(static pair => new KeyValuePair<TKey, TValue>(pair.Key, pair.Value.Value))];

    /// <summary>Evicts now every partition idle for at least the idle timeout whose value allows it; returns how many went.</summary>
    public int EvictIdle()
    {
        lock (gate)
        {
            return SweepLocked(clock.ElapsedTicks);
        }
    }

    private Either<Error, TValue> Add(TKey key, long now)
    {
        lock (gate)
        {
            if (entries.TryGetValue(key, out var existing))
            {
                existing.Touch(now);
                return existing.Value;
            }

            if (now - lastSweep >= idleTicks)
            {
                SweepLocked(now);
            }

            var slot = used < Options.MaxPartitions ? used : EvictOne();
            if (slot < 0)
            {
                return LimitError;
            }

            TValue value;
            try
            {
                value = create(key);
            }
            catch (Exception ex)
            {
                if (slot < used)
                {
                    Vacate(slot);
                }

                return Kernel.FromException(ex, CancellationToken.None);
            }

            var entry = new Entry(key, value, now);
            Place(entry, slot);
            entries[key] = entry;
            return value;
        }
    }

    private void SweepIfDue(long now)
    {
        if (now - Volatile.Read(ref lastSweep) < idleTicks)
        {
            return;
        }

        lock (gate)
        {
            if (now - lastSweep >= idleTicks)
            {
                SweepLocked(now);
            }
        }
    }

    // O(partitions), at most once per idle timeout (or on EvictIdle): amortised over the lookups of that interval.
    private int SweepLocked(long now)
    {
        Volatile.Write(ref lastSweep, now);
        var evicted = 0;
        for (var i = used - 1; i >= 0; i--)
        {
            var entry = ring[i];
            if (now - entry.LastUsed >= idleTicks && MayEvict(entry))
            {
                Remove(i);
                evicted++;
            }
        }

        return evicted;
    }

    // The CLOCK hand: a partition used since the hand last passed gets a second chance, the first one not used and
    // evictable goes and its slot is the new partition's, behind the hand. Two turns at most, so a full container of
    // partitions that must stay is refused (-1), not looped on.
    private int EvictOne()
    {
        for (var steps = 2 * used; steps > 0; steps--)
        {
            hand = hand >= used ? 0 : hand;
            var entry = ring[hand];
            if (entry.TakeReference() || !MayEvict(entry))
            {
                hand++;
                continue;
            }

            entries.TryRemove(new KeyValuePair<TKey, Entry>(entry.Key, entry));
            return hand++;
        }

        return -1;
    }

    private void Place(Entry entry, int slot)
    {
        if (slot == used)
        {
            if (used == ring.Length)
            {
                Array.Resize(ref ring, Math.Min(ring.Length * 2, Math.Max(Options.MaxPartitions, 4)));
            }

            used++;
        }

        ring[slot] = entry;
    }

    private void Remove(int index)
    {
        var entry = ring[index];
        entries.TryRemove(new KeyValuePair<TKey, Entry>(entry.Key, entry));
        Vacate(index);
    }

    // Swap-remove keeps the ring dense; the idle sweep walks it backwards, so the moved entry is one it has seen.
    private void Vacate(int index)
    {
        ring[index] = ring[--used];
        ring[used] = null!;
    }

    private bool MayEvict(Entry entry)
    {
        try
        {
            return canEvict(entry.Value);
        }
        catch (Exception)
        {
            // An eviction rule that throws keeps the partition: losing live state is worse than holding a slot.
            return false;
        }
    }

    private sealed class Entry(TKey key, TValue value, long lastUsed)
    {
        public readonly TKey Key = key;
        public readonly TValue Value = value;
        private long lastUsed = lastUsed;
        private int referenced;

        public long LastUsed => Volatile.Read(ref lastUsed);

        public void Touch(long now)
        {
            // Both written only when they change (the clock moves in whole milliseconds), so that a hot partition read
            // by many threads does not bounce its line.
            if (Volatile.Read(ref lastUsed) != now)
            {
                Volatile.Write(ref lastUsed, now);
            }

            if (Volatile.Read(ref referenced) == 0)
            {
                Volatile.Write(ref referenced, 1);
            }
        }

        public bool TakeReference() => Interlocked.Exchange(ref referenced, 0) == 1;
    }
}
