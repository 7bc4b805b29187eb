namespace Resilience.Functional.Tests;

/// <summary>A timer of a <see cref="CountingClock"/>.</summary>
internal sealed class CountedTimer(CountingClock clock, ITimer inner, TimerCallback callback, object? state) : ITimer
{
    private int disposed;

    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        if (clock.FireOnArm && dueTime != Timeout.InfiniteTimeSpan)
        {
            callback(state);
            return true;
        }

        return inner.Change(dueTime, period);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            clock.Disposed();
        }

        inner.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
