namespace Resilience.Functional;

/// <summary>A caller queued in a <see cref="Bulkhead"/>; completes with <see cref="Granted"/>, <see cref="Cancelled"/> or <see cref="TimedOut"/>.</summary>
internal sealed class BulkheadWaiter : TaskCompletionSource<int>
{
    public const int Granted = 0;
    public const int Cancelled = 1;
    public const int TimedOut = 2;

    private readonly Bulkhead owner;
    private CancellationTokenRegistration registration;
    private ITimer? timer;

    public BulkheadWaiter(Bulkhead owner)
        : base(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        this.owner = owner;
        Node = new LinkedListNode<BulkheadWaiter>(this);
    }

    /// <summary>The waiter's place in its bulkhead's queue; detached once granted or withdrawn.</summary>
    public LinkedListNode<BulkheadWaiter> Node { get; }

    /// <summary>Withdraws the waiter when the caller cancels or the maximum wait runs out.</summary>
    public void Watch(CancellationToken ct)
    {
        if (owner.Options.MaxQueueWait.Case is TimeSpan wait)
        {
            timer = owner.Options.TimeProvider.CreateTimer(
                static s => ((BulkheadWaiter)s!).Withdraw(TimedOut), this, wait, Timeout.InfiniteTimeSpan);
        }

        if (ct.CanBeCanceled)
        {
            registration = ct.UnsafeRegister(static s => ((BulkheadWaiter)s!).Withdraw(Cancelled), this);
        }
    }

    /// <summary>Stops watching once the wait is over.</summary>
    public void Unwatch()
    {
        registration.Dispose();
        timer?.Dispose();
    }

    private void Withdraw(int reason) => owner.Withdraw(this, reason);
}
