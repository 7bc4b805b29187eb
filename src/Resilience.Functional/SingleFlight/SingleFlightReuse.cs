using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>
/// The successes a <see cref="SingleFlight{TKey, T}"/> keeps for <see cref="SingleFlightOptions.ReuseFor"/>, at most
/// <see cref="SingleFlightOptions.MaxReused"/>, dropped oldest first. Not thread-safe: used under the group's lock.
/// </summary>
/// <typeparam name="TKey">The key.</typeparam>
/// <typeparam name="T">The type of the success value.</typeparam>
internal sealed class SingleFlightReuse<TKey, T>(SingleFlightOptions options, IEqualityComparer<TKey> comparer)
    where TKey : notnull
{
    private readonly Dictionary<TKey, (Either<Error, T> Result, long Stored, long Version)> kept = new(comparer);

    // Every entry has the same lifetime, so the order of storing is the order of expiry: the queue front is always
    // the next to go. An entry stored again leaves its older queue item behind, recognised by its version.
    private readonly Queue<(TKey Key, long Stored, long Version)> order = new();
    private readonly TimeProvider clock = options.TimeProvider;
    private readonly TimeSpan lifetime = options.ReuseFor;
    private long version;

    public int Count => kept.Count;

    public bool TryGet(TKey key, out Either<Error, T> result)
    {
        if (kept.TryGetValue(key, out var entry))
        {
            if (clock.GetElapsedTime(entry.Stored) < lifetime)
            {
                result = entry.Result;
                return true;
            }

            kept.Remove(key);
        }

        result = default;
        return false;
    }

    public void Keep(TKey key, Either<Error, T> result)
    {
        var now = clock.GetTimestamp();
        var stamp = ++version;
        kept[key] = (result, now, stamp);
        order.Enqueue((key, now, stamp));
        while (order.TryPeek(out var oldest)
            && (kept.Count > options.MaxReused || clock.GetElapsedTime(oldest.Stored, now) >= lifetime || !IsCurrent(oldest.Key, oldest.Version)))
        {
            order.Dequeue();
            if (IsCurrent(oldest.Key, oldest.Version))
            {
                kept.Remove(oldest.Key);
            }
        }
    }

    private bool IsCurrent(TKey key, long stamp) => kept.TryGetValue(key, out var entry) && entry.Version == stamp;
}
