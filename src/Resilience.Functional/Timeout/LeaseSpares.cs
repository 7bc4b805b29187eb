namespace Resilience.Functional;

/// <summary>
/// Two timeout leases kept by each thread, each with the pool it belongs to, in front of the pools' shared arrays: a
/// synchronous call under one timeout, or under two nested ones (a pipeline's total and attempt timeouts), rents and
/// returns its leases with no interlocked operation. Typed and not generic, so that the thread-static field is read
/// without a helper call or a cast (the generic, two-slot spares tried for every pooled source cost more than they
/// saved), and one field holding both places, so that a rent or a return reads the thread's storage once.
/// </summary>
internal sealed class LeaseSpares
{
    [ThreadStatic]
    private static LeaseSpares? mine;

    private TimeoutLease? first;
    private TimeoutLease? second;

    /// <summary>This thread's spare lease of <paramref name="pool"/>, taken, else one from the pool.</summary>
    public static TimeoutLease Rent(TokenSourcePool<TimeoutLease> pool)
    {
        var spares = mine;
        if (spares is not null)
        {
            var lease = spares.first;
            if (lease is not null && ReferenceEquals(lease.Home, pool))
            {
                spares.first = null;
                return lease;
            }

            lease = spares.second;
            if (lease is not null && ReferenceEquals(lease.Home, pool))
            {
                spares.second = null;
                return lease;
            }
        }

        return pool.Rent();
    }

    /// <summary>Keeps <paramref name="lease"/> (reset) on this thread; false when both places are taken.</summary>
    public static bool TryKeep(TimeoutLease lease)
    {
        var spares = mine ??= new LeaseSpares();
        if (spares.first is null)
        {
            spares.first = lease;
            return true;
        }

        if (spares.second is null)
        {
            spares.second = lease;
            return true;
        }

        return false;
    }
}
