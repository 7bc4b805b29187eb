using LanguageExt;
using Resilience.Functional.Stores;

namespace Resilience.Functional;

/// <summary>
/// The most recent success per key, with the time it was stored, for
/// <see cref="LastKnownGoodExtensions.WithLastKnownGood{TKey, T}(Func{CancellationToken, ValueTask{Either{LanguageExt.Common.Error, T}}}, LastKnownGoodCache{TKey, T}, TKey)"/> to serve when the primary fails. Bounded in
/// size (the key written longest ago goes first) and safe under concurrent use.
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="T">The value type.</typeparam>
public sealed class LastKnownGoodCache<TKey, T> : ILastKnownGoodStore<TKey, T>
    where TKey : notnull
{
    private readonly Lock gate = new();
    private readonly Dictionary<TKey, LinkedListNode<Entry>> entries = [];

    // Oldest write first: updating a key moves its node to the end, which reuses the node and allocates nothing.
    private readonly LinkedList<Entry> byAge = new();
    private readonly TimeProvider clock;

    /// <summary>Creates an empty cache.</summary>
    /// <param name="options">Maximum staleness, size bound and clock.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    public LastKnownGoodCache(LastKnownGoodOptions options)
    {
        Options = options ?? throw new ArgumentNullException(nameof(options));
        clock = options.TimeProvider;
    }

    /// <summary>The settings this cache was created with.</summary>
    public LastKnownGoodOptions Options { get; }

    /// <summary>How many keys are stored, fresh or not.</summary>
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

    /// <summary>Stores <paramref name="value"/> as the last known good value of <paramref name="key"/>, stamped now.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    public void Store(TKey key, T value)
    {
        var entry = new Entry(key, value, clock.GetUtcNow());
        lock (gate)
        {
            if (entries.TryGetValue(key, out var node))
            {
                node.Value = entry;
                byAge.Remove(node);
                byAge.AddLast(node);
                return;
            }

            if (entries.Count >= Options.MaxEntries)
            {
                var oldest = byAge.First!;
                byAge.RemoveFirst();
                entries.Remove(oldest.Value.Key);
            }

            entries.Add(key, byAge.AddLast(entry));
        }
    }

    /// <summary>
    /// The value stored for <paramref name="key"/> and its age, if one is stored and no older than
    /// <see cref="LastKnownGoodOptions.MaxStaleness"/>; a value too old is dropped.
    /// </summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The stored value, when found.</param>
    /// <param name="age">How long ago it was stored, when found.</param>
    /// <returns>Whether a fresh enough value was found.</returns>
    public bool TryGetFresh(TKey key, out T value, out TimeSpan age)
    {
        var now = clock.GetUtcNow();
        lock (gate)
        {
            if (entries.TryGetValue(key, out var node))
            {
                age = now - node.Value.StoredAt;
                if (age <= Options.MaxStaleness)
                {
                    value = node.Value.Value;
                    return true;
                }

                entries.Remove(key);
                byAge.Remove(node);
            }
        }

        value = default!;
        age = default;
        return false;
    }

    /// <inheritdoc />
    ValueTask<Option<Served<T>>> ILastKnownGoodStore<TKey, T>.TryGetFreshAsync(TKey key, CancellationToken cancellationToken) =>
        new(TryGetFresh(key, out var value, out var age) ? Option<Served<T>>.Some(Served.Stale(value, age)) : Option<Served<T>>.None);

    /// <summary>Forgets the value stored for <paramref name="key"/>.</summary>
    /// <param name="key">The key.</param>
    /// <returns>Whether a value was stored.</returns>
    public bool Remove(TKey key)
    {
        lock (gate)
        {
            if (!entries.Remove(key, out var node))
            {
                return false;
            }

            byAge.Remove(node);
            return true;
        }
    }

    private readonly record struct Entry(TKey Key, T Value, DateTimeOffset StoredAt);
}
