using System.Runtime.CompilerServices;

namespace Resilience.Functional;

/// <summary>
/// A limit on concurrent executions shared by every operation wrapped with
/// <see cref="BulkheadExtensions.WithBulkhead{T}"/>: at most <see cref="MaxConcurrency"/> run at once, up to
/// <see cref="MaxQueueLength"/> more wait first in first out, and everyone beyond gets a
/// <see cref="BulkheadFullError"/> at once. Thread-safe; create one per protected resource and share it.
/// </summary>
public sealed class Bulkhead
{
    private readonly Lock gate = new();
    private readonly LinkedList<BulkheadWaiter> queue = new();
    private int inUse;
    private int queued;
    private int limit;

    /// <summary>Creates a bulkhead.</summary>
    /// <param name="options">The settings, validated when the record was built.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    public Bulkhead(BulkheadOptions options)
    {
        Options = OptionGuards.NotNull(options, nameof(options));
        limit = options.MaxConcurrency;
        FullError = new BulkheadFullError(options.MaxConcurrency, options.MaxQueueLength);
    }

    /// <summary>The settings.</summary>
    public BulkheadOptions Options { get; }

    /// <summary>How many executions may run at once.</summary>
    public int MaxConcurrency => Volatile.Read(ref limit);

    /// <summary>How many callers may wait.</summary>
    public int MaxQueueLength => Options.MaxQueueLength;

    /// <summary>How many executions hold a slot now.</summary>
    public int InUse => Volatile.Read(ref inUse);

    /// <summary>How many callers wait for a slot now.</summary>
    public int Queued => Volatile.Read(ref queued);

    /// <summary>How many slots are free now.</summary>
    public int Available => MaxConcurrency - InUse;

    /// <summary>The error every rejected caller gets; one instance per bulkhead.</summary>
    public BulkheadFullError FullError { get; }

    /// <summary>Takes a slot, or queues a waiter, or rejects.</summary>
    /// <remarks>
    /// Lock-free while nobody waits. A waiter publishes itself (queued++) before looking for a free slot, and a
    /// releaser frees its slot (inUse--) before looking for waiters; both are full fences, so at least one of the two
    /// sees the other and hands the slot over under the lock.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal BulkheadAdmission TryEnter(out BulkheadWaiter? waiter)
    {
        if (Volatile.Read(ref queued) == 0 && TryTakeSlot())
        {
            waiter = null;
            return BulkheadAdmission.Entered;
        }

        return EnterOrQueue(out waiter);
    }

    // Out of line: the lock and the queue are the slow path's, and would keep the free slot's path from inlining.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private BulkheadAdmission EnterOrQueue(out BulkheadWaiter? waiter)
    {
        waiter = null;
        List<BulkheadWaiter>? granted = null;
        lock (gate)
        {
            if (queued == 0 && TryTakeSlot())
            {
                return BulkheadAdmission.Entered;
            }

            if (queued >= Options.MaxQueueLength)
            {
                return BulkheadAdmission.Rejected;
            }

            waiter = new BulkheadWaiter(this);
            queue.AddLast(waiter.Node);
            Interlocked.Increment(ref queued);
            granted = Drain();
        }

        Grant(granted);
        return BulkheadAdmission.Queued;
    }

    /// <summary>Frees a slot and hands free slots to waiting callers, first come first served.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Release()
    {
        Interlocked.Decrement(ref inUse);
        if (Volatile.Read(ref queued) != 0)
        {
            HandOver();
        }
    }

    /// <summary>
    /// Changes how many executions may run at once (an <see cref="AdaptiveConcurrencyLimiter"/>'s gate follows its
    /// limit this way) and hands newly free slots to waiting callers; executions beyond a lowered limit finish as usual.
    /// </summary>
    internal void Resize(int maxConcurrency)
    {
        // A full fence, as Release's decrement: a waiter publishing itself now sees the new limit or is seen here.
        Interlocked.Exchange(ref limit, maxConcurrency);
        if (Volatile.Read(ref queued) != 0)
        {
            HandOver();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void HandOver()
    {
        List<BulkheadWaiter>? granted;
        lock (gate)
        {
            granted = Drain();
        }

        Grant(granted);
    }

    /// <summary>Takes a waiter out of the queue unless it was already granted a slot.</summary>
    internal void Withdraw(BulkheadWaiter waiter, int reason)
    {
        lock (gate)
        {
            if (waiter.Node.List is null)
            {
                return;
            }

            queue.Remove(waiter.Node);
            Interlocked.Decrement(ref queued);
        }

        waiter.TrySetResult(reason);
    }

    private bool TryTakeSlot()
    {
        var seen = Volatile.Read(ref inUse);
        while (seen < Volatile.Read(ref limit))
        {
            var prior = Interlocked.CompareExchange(ref inUse, seen + 1, seen);
            if (prior == seen)
            {
                return true;
            }

            seen = prior;
        }

        return false;
    }

    // Under the lock: gives free slots to the longest waiters; they are woken after the lock is released.
    private List<BulkheadWaiter>? Drain()
    {
        List<BulkheadWaiter>? granted = null;
        while (queue.First is { } first && TryTakeSlot())
        {
            queue.RemoveFirst();
            Interlocked.Decrement(ref queued);
            (granted ??= []).Add(first.Value);
        }

        return granted;
    }

    private static void Grant(List<BulkheadWaiter>? granted)
    {
        if (granted is null)
        {
            return;
        }

        foreach (var waiter in granted)
        {
            waiter.TrySetResult(BulkheadWaiter.Granted);
        }
    }
}
