namespace Resilience.Functional;

/// <summary>A small lock-free pool of <see cref="TimeoutLease"/>s for one timeout policy.</summary>
internal sealed class TimeoutLeasePool(TimeProvider time, TimeSpan timeout)
{
    private readonly TimeoutLease?[] items = new TimeoutLease?[Math.Clamp(Environment.ProcessorCount * 2, 4, 64)];

    /// <summary>A free lease, pooled when one is available.</summary>
    public TimeoutLease Rent()
    {
        for (var i = 0; i < items.Length; i++)
        {
            var item = items[i];
            if (item is not null && Interlocked.CompareExchange(ref items[i], null, item) == item)
            {
                return item;
            }
        }

        return new TimeoutLease(time, timeout);
    }

    /// <summary>Ends <paramref name="lease"/>, keeps it if it can be reused, and returns how it ended.</summary>
    public int Return(TimeoutLease lease)
    {
        var ended = lease.End();
        if (ended != TimeoutLease.Armed || !lease.TryReset())
        {
            lease.Discard();
            return ended;
        }

        for (var i = 0; i < items.Length; i++)
        {
            if (Interlocked.CompareExchange(ref items[i], lease, null) is null)
            {
                return ended;
            }
        }

        lease.Discard();
        return ended;
    }
}
