namespace Resilience.Functional;

/// <summary>
/// Two timeout leases kept by each thread, each with the pool it belongs to, in front of the pools' shared arrays: a
/// synchronous call under one timeout, or under two nested ones (a pipeline's total and attempt timeouts), rents and
/// returns its leases with no interlocked operation. Typed and not generic, so that the thread-static fields are read
/// without a helper call or a cast (the generic, two-slot spares tried for every pooled source cost more than they
/// saved).
/// </summary>
internal static class LeaseSpares
{
    [ThreadStatic]
    private static TimeoutLease? first;

    [ThreadStatic]
    private static TimeoutLease? second;

    /// <summary>This thread's spare lease of <paramref name="pool"/>, taken, else one from the pool.</summary>
    public static TimeoutLease Rent(TokenSourcePool<TimeoutLease> pool)
    {
        var lease = first;
        if (lease is not null && ReferenceEquals(lease.Home, pool))
        {
            first = null;
            return lease;
        }

        lease = second;
        if (lease is not null && ReferenceEquals(lease.Home, pool))
        {
            second = null;
            return lease;
        }

        return pool.Rent();
    }

    /// <summary>Keeps <paramref name="lease"/> (reset) on this thread; false when both places are taken.</summary>
    public static bool TryKeep(TimeoutLease lease)
    {
        if (first is null)
        {
            first = lease;
            return true;
        }

        if (second is null)
        {
            second = lease;
            return true;
        }

        return false;
    }
}
