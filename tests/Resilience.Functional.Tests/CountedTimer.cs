namespace Resilience.Functional.Tests;

/// <summary>A timer of a <see cref="CountingClock"/>: one-shot (its period is ignored).</summary>
internal sealed class CountedTimer : ITimer
{
    private readonly CountingClock clock;
    private readonly TimerCallback callback;
    private readonly object? state;
    private readonly ITimer inner;
    private int disposed;

    public CountedTimer(CountingClock clock, TimerCallback callback, object? state)
    {
        (this.clock, this.callback, this.state) = (clock, callback, state);
        inner = clock.Fake.CreateTimer(static s => ((CountedTimer)s!).Fire(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public DateTimeOffset DueAt { get; private set; }

    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        if (clock.FireOnArm && dueTime != Timeout.InfiniteTimeSpan)
        {
            callback(state);
            return true;
        }

        DueAt = clock.GetUtcNow() + (dueTime == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : dueTime);
        clock.Armed(this, dueTime != Timeout.InfiniteTimeSpan);
        return inner.Change(dueTime, Timeout.InfiniteTimeSpan);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            clock.Disposed();
        }

        clock.Armed(this, false);
        inner.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private void Fire()
    {
        clock.Armed(this, false);
        callback(state);
    }
}
