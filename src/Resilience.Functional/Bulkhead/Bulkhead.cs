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

    /// <summary>Creates a bulkhead.</summary>
    /// <param name="options">The settings, validated when the record was built.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    public Bulkhead(BulkheadOptions options)
    {
        Options = OptionGuards.NotNull(options, nameof(options));
        FullError = new BulkheadFullError(options.MaxConcurrency, options.MaxQueueLength);
    }

    /// <summary>The settings.</summary>
    public BulkheadOptions Options { get; }

    /// <summary>How many executions may run at once.</summary>
    public int MaxConcurrency => Options.MaxConcurrency;

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
    internal BulkheadAdmission TryEnter(out BulkheadWaiter? waiter)
    {
        waiter = null;
        lock (gate)
        {
            if (inUse < Options.MaxConcurrency && queued == 0)
            {
                inUse++;
                return BulkheadAdmission.Entered;
            }

            if (queued >= Options.MaxQueueLength)
            {
                return BulkheadAdmission.Rejected;
            }

            waiter = new BulkheadWaiter(this);
            queue.AddLast(waiter.Node);
            queued++;
            return BulkheadAdmission.Queued;
        }
    }

    /// <summary>Frees a slot: hands it straight to the first waiter if there is one.</summary>
    internal void Release()
    {
        BulkheadWaiter? next = null;
        lock (gate)
        {
            if (queue.First is { } first)
            {
                queue.RemoveFirst();
                queued--;
                next = first.Value;
            }
            else
            {
                inUse--;
            }
        }

        next?.TrySetResult(BulkheadWaiter.Granted);
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
            queued--;
        }

        waiter.TrySetResult(reason);
    }
}

/// <summary>What <see cref="Bulkhead.TryEnter"/> did.</summary>
internal enum BulkheadAdmission
{
    Entered,
    Queued,
    Rejected,
}
