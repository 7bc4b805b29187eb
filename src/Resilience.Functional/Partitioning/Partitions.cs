using System.Collections.Concurrent;
using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>
/// A bounded set of stateful objects keyed by a partition key (a breaker per authority, a bulkhead per tenant), each
/// created on first use. At most <see cref="PartitionOptions.MaxPartitions"/> are kept: a partition unused for
/// <see cref="PartitionOptions.IdleTimeout"/> is evicted, and a new key in a full container evicts the least recently
/// used one — but only partitions whose value <c>canEvict</c> allows (an open or half-open breaker stays, or its
/// protection would be lost). Safe under concurrent use; a lookup of an existing key takes no lock.
/// </summary>
/// <typeparam name="TKey">The partition key.</typeparam>
/// <typeparam name="TValue">The object kept per partition.</typeparam>
public sealed class Partitions<TKey, TValue>
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Entry> entries;
    private readonly Func<TKey, TValue> create;
    private readonly Func<TValue, bool> canEvict;
    private readonly TimeProvider clock;
    private readonly Lock gate = new();
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
        clock = options.TimeProvider;
        entries = new ConcurrentDictionary<TKey, Entry>(comparer);
        lastSweep = clock.GetTimestamp();
    }

    /// <summary>The settings.</summary>
    public PartitionOptions Options { get; }

    /// <summary>How many partitions exist now.</summary>
    public int Count => entries.Count;

    /// <summary>
    /// The value of <paramref name="key"/>'s partition, created on first use; <see cref="PartitionLimitError"/> when the
    /// container is full and no partition can be evicted, or the error of a throwing <c>create</c>.
    /// </summary>
    /// <param name="key">The partition key.</param>
    public Either<Error, TValue> Get(TKey key)
    {
        var now = clock.GetTimestamp();
        if (entries.TryGetValue(key, out var entry))
        {
            Volatile.Write(ref entry.LastUsed, now);
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
            return SweepLocked(clock.GetTimestamp(), force: true);
        }
    }

    private Either<Error, TValue> Add(TKey key, long now)
    {
        lock (gate)
        {
            if (entries.TryGetValue(key, out var existing))
            {
                Volatile.Write(ref existing.LastUsed, now);
                return existing.Value;
            }

            SweepLocked(now, force: false);
            if (entries.Count >= Options.MaxPartitions && !EvictLeastRecentlyUsed())
            {
                return new PartitionLimitError(Options.MaxPartitions);
            }

            TValue value;
            try
            {
                value = create(key);
            }
            catch (Exception ex)
            {
                return Kernel.FromException(ex, CancellationToken.None);
            }

            entries[key] = new Entry(value, now);
            return value;
        }
    }

    private void SweepIfDue(long now)
    {
        if (clock.GetElapsedTime(Volatile.Read(ref lastSweep), now) < Options.IdleTimeout)
        {
            return;
        }

        lock (gate)
        {
            SweepLocked(now, force: false);
        }
    }

    private int SweepLocked(long now, bool force)
    {
        if (!force && clock.GetElapsedTime(lastSweep, now) < Options.IdleTimeout && entries.Count < Options.MaxPartitions)
        {
            return 0;
        }

        Volatile.Write(ref lastSweep, now);
        var evicted = 0;
        foreach (var (key, entry) in entries)
        {
            if (clock.GetElapsedTime(Volatile.Read(ref entry.LastUsed), now) >= Options.IdleTimeout && MayEvict(entry))
            {
                evicted += entries.TryRemove(new KeyValuePair<TKey, Entry>(key, entry)) ? 1 : 0;
            }
        }

        return evicted;
    }

    private bool EvictLeastRecentlyUsed()
    {
        KeyValuePair<TKey, Entry>? oldest = null;
        foreach (var pair in entries)
        {
            if ((oldest is null || Volatile.Read(ref pair.Value.LastUsed) < Volatile.Read(ref oldest.Value.Value.LastUsed)) && MayEvict(pair.Value))
            {
                oldest = pair;
            }
        }

        return oldest is { } victim && entries.TryRemove(victim);
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

    private sealed class Entry(TValue value, long lastUsed)
    {
        public readonly TValue Value = value;
        public long LastUsed = lastUsed;
    }
}
