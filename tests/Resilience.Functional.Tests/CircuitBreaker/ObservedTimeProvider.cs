using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Tests;

/// <summary>A fake clock that counts the timers not yet disposed, can refuse to create the next one, and can run an
/// action at its next reading of the time (to stand for another thread acting between a read and what follows it).</summary>
internal sealed class ObservedTimeProvider(FakeTimeProvider inner) : TimeProvider
{
    private int live;

    /// <summary>Timers created and not disposed (fired one-shot timers included).</summary>
    public int LiveTimers => Volatile.Read(ref live);

    /// <summary>When set, the next <see cref="CreateTimer"/> throws (as the system clock does for a due time beyond its
    /// range) and the flag clears.</summary>
    public bool RefuseNextTimer { get; set; }

    /// <summary>When set, the next <see cref="GetUtcNow"/> reads the time, clears the action, runs it, and returns what
    /// it read.</summary>
    public Action? OnNextRead { get; set; }

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override DateTimeOffset GetUtcNow()
    {
        var now = inner.GetUtcNow();
        if (OnNextRead is { } action)
        {
            OnNextRead = null;
            action();
        }

        return now;
    }

    public override long GetTimestamp() => inner.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (RefuseNextTimer)
        {
            RefuseNextTimer = false;
            throw new ArgumentOutOfRangeException(nameof(dueTime), dueTime, "The timer was refused.");
        }

        Interlocked.Increment(ref live);
        return new Counted(inner.CreateTimer(callback, state, dueTime, period), this);
    }

    private sealed class Counted(ITimer timer, ObservedTimeProvider owner) : ITimer
    {
        private int disposed;

        public bool Change(TimeSpan dueTime, TimeSpan period) => timer.Change(dueTime, period);

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                Interlocked.Decrement(ref owner.live);
            }

            timer.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
