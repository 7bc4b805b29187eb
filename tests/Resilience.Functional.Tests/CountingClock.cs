using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Tests;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that counts the timers it creates and how many are still not disposed, and can
/// advance from one timer's due time to the next (<see cref="FakeTimeProvider.Advance"/> alone fires every timer at
/// the end of the step). With <see cref="FireOnArm"/> a timer instead fires at once, on the thread that arms it (the
/// earliest a timer on another thread could fire).
/// </summary>
public sealed class CountingClock : TimeProvider
{
    private readonly System.Collections.Generic.HashSet<CountedTimer> armed = [];
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
        var timer = new CountedTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Advances by <paramref name="by"/>, stopping at each due time on the way so that every timer fires at its own time.</summary>
    public void Advance(TimeSpan by)
    {
        var target = Fake.GetUtcNow() + by;
        while (NextDue(target) is { } next)
        {
            Fake.Advance(next - Fake.GetUtcNow());
        }

        Fake.Advance(target - Fake.GetUtcNow());
    }

    internal void Disposed() => Interlocked.Increment(ref disposed);

    internal void Armed(CountedTimer timer, bool isArmed)
    {
        lock (armed)
        {
            _ = isArmed ? armed.Add(timer) : armed.Remove(timer);
        }
    }

    private DateTimeOffset? NextDue(DateTimeOffset until)
    {
        lock (armed)
        {
            return armed.Count > 0 && armed.Min(t => t.DueAt) is var next && next <= until ? next : null;
        }
    }
}
