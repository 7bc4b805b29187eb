namespace Resilience.Functional;

/// <summary>
/// One token for the calls of a timeout that begin within one slice of time (<see cref="SharedDeadlines"/>). The epoch
/// closes a slice after it opened, and its token is cancelled a full timeout after it closed: every call it served
/// began before the close, so none is cut off before its timeout has elapsed, and none later than its timeout and one
/// slice, plus the timer's latency — the precision of a lease on the system clock (docs/timeout.md#shared-deadlines).
/// An epoch of a nested timeout serves the calls of one outer epoch (its parent) and is cancelled with it.
/// </summary>
internal sealed class TimeoutEpoch : CancellationTokenSource
{
    private readonly SharedDeadlines owner;
    private ITimer? timer;
    private CancellationTokenRegistration parentRegistration;
    private long closedAt;
    private int closed;

    /// <summary>An epoch of <paramref name="owner"/> for the calls of <paramref name="parent"/>'s, not started.</summary>
    public TimeoutEpoch(SharedDeadlines owner, TimeoutEpoch? parent)
    {
        this.owner = owner;
        Parent = parent;
    }

    /// <summary>The outer timeout's epoch whose token the calls of this one were given, if any.</summary>
    public TimeoutEpoch? Parent { get; }

    /// <summary>Whether the epoch admits no more calls.</summary>
    public bool Closed => Volatile.Read(ref closed) != 0;

    /// <summary>How a call of this epoch ended: <see cref="TimeoutLease.TimedOut"/> once the token is cancelled.</summary>
    public int Ended => IsCancellationRequested ? TimeoutLease.TimedOut : TimeoutLease.Armed;

    /// <summary>
    /// The time left before the token is cancelled, never less than is really left: the whole timeout while the epoch
    /// is open (it is cancelled a timeout after a close still to come), and no more than the parent's.
    /// </summary>
    public TimeSpan Remaining()
    {
        var own = Closed ? LeftAfterClose() : owner.Timeout;
        return Parent?.Remaining() is { } outer && outer < own ? outer : own;
    }

    /// <summary>Starts the slice: the timer closes the epoch at its end; a parent's cancellation cancels it at once.</summary>
    public void Start()
    {
        timer = TimeoutLease.CreateTimer(owner.Time, static s => ((TimeoutEpoch)s!).OnTimer(), this);
        if (Parent is not null)
        {
            parentRegistration = Parent.Token.UnsafeRegister(static s => ((TimeoutEpoch)s!).Cancel(), this);
        }

        timer.Change(owner.Slice, Timeout.InfiniteTimeSpan);
    }

    private TimeSpan LeftAfterClose() => owner.Timeout - owner.Time.GetElapsedTime(Volatile.Read(ref closedAt));

    private void OnTimer()
    {
        if (!Closed)
        {
            // Closed first, stamped after: a call that joined this epoch did so before the stamp.
            owner.Close(this);
            Volatile.Write(ref closedAt, owner.Time.GetTimestamp());
            Volatile.Write(ref closed, 1);
            timer!.Change(owner.Timeout, Timeout.InfiniteTimeSpan);
            return;
        }

        // A system timer can fire ahead of its due time: such a tick only moves the timer on.
        var left = LeftAfterClose();
        if (left > TimeSpan.Zero)
        {
            timer!.Change(left, Timeout.InfiniteTimeSpan);
            return;
        }

        timer!.Dispose();
        parentRegistration.Unregister();
        Cancel();
    }
}
