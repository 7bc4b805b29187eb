namespace Resilience.Functional.Testing;

/// <summary>A timer of a <see cref="VirtualTimeProvider"/>; all its state is guarded by the provider's lock.</summary>
internal sealed class VirtualTimer(VirtualTimeProvider owner, TimerCallback callback, object? state) : ITimer
{
    private long period = long.MaxValue;
    private bool disposed;

    /// <summary>Bumped on every change, so queue entries of an older arming are recognised as stale.</summary>
    internal long Version { get; set; }

    internal long QueuedVersion { get; set; } = -1;

    internal long Due { get; set; } = long.MaxValue;

    /// <summary>Whether the timer belongs to a <c>Task.Delay</c> (its state is the delay's task).</summary>
    internal bool IsDelay { get; init; }

    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        if (disposed)
        {
            return false;
        }

        this.period = period == Timeout.InfiniteTimeSpan || period <= TimeSpan.Zero ? long.MaxValue : period.Ticks;
        owner.Schedule(this, dueTime == Timeout.InfiniteTimeSpan ? long.MaxValue : Math.Max(0, dueTime.Ticks));
        return true;
    }

    /// <summary>Called under the provider's lock when the timer fires: arms the next period, if any.</summary>
    internal void Rearm()
    {
        if (period == long.MaxValue)
        {
            Version++;
            Due = long.MaxValue;
        }
        else
        {
            owner.Schedule(this, period);
        }
    }

    internal void Invoke() => callback(state);

    public void Dispose()
    {
        disposed = true;
        owner.Cancel(this);
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
