using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Tests;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that counts the timers it creates and how many are still not disposed; with
/// <see cref="FireOnArm"/> a timer instead fires at once, on the thread that arms it (the earliest a timer on another
/// thread could fire).
/// </summary>
public sealed class CountingClock : TimeProvider
{
    private int created;
    private int disposed;

    public FakeTimeProvider Fake { get; } = new();

    public bool FireOnArm { get; init; }

    public int Created => Volatile.Read(ref created);

    public int Live => Created - Volatile.Read(ref disposed);

    public override DateTimeOffset GetUtcNow() => Fake.GetUtcNow();

    public override long GetTimestamp() => Fake.GetTimestamp();

    public override long TimestampFrequency => Fake.TimestampFrequency;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        Interlocked.Increment(ref created);
        var timer = new CountedTimer(this, Fake.CreateTimer(callback, state, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan), callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    internal void Disposed() => Interlocked.Increment(ref disposed);
}
