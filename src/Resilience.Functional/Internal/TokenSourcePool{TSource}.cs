namespace Resilience.Functional;

/// <summary>
/// The library's one pool of reusable token sources: plain <see cref="CancellationTokenSource"/>s
/// (<see cref="TokenSourcePool"/>, for hedging) and a timeout's <see cref="TimeoutLease"/>s (one pool per timeout, as
/// a lease carries its timeout). A small lock-free array: an operation that completes under a token of its own costs
/// no allocation once the pool is warm. The owner resets a source before it gives it back and disposes of it when the
/// pool is full.
/// </summary>
/// <typeparam name="TSource">The pooled source.</typeparam>
/// <param name="create">Makes a source when the pool is empty.</param>
internal sealed class TokenSourcePool<TSource>(Func<TSource> create)
    where TSource : class
{
    private readonly TSource?[] items = new TSource?[Math.Clamp(Environment.ProcessorCount * 2, 4, 64)];

    /// <summary>A pooled source when one is free, else a new one.</summary>
    public TSource Rent()
    {
        for (var i = 0; i < items.Length; i++)
        {
            var item = items[i];
            if (item is not null && Interlocked.CompareExchange(ref items[i], null, item) == item)
            {
                return item;
            }
        }

        return create();
    }

    /// <summary>Keeps <paramref name="source"/>, already reset by its owner; false when the pool is full.</summary>
    public bool TryKeep(TSource source)
    {
        for (var i = 0; i < items.Length; i++)
        {
            if (Interlocked.CompareExchange(ref items[i], source, null) is null)
            {
                return true;
            }
        }

        return false;
    }
}
