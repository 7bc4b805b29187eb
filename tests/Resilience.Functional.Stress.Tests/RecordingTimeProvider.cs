using System.Collections.Concurrent;
using System.Diagnostics;

namespace Resilience.Functional.Stress.Tests;

/// <summary>The real clock and real timers, with the high-resolution timestamp, remembering on each thread when it
/// last armed a timer and for how long, and tracking every timer it made by a weak reference.</summary>
internal sealed class RecordingTimeProvider : TimeProvider
{
    [ThreadStatic]
    private static (long At, TimeSpan Due)? lastArmed;

    private readonly ConcurrentBag<WeakReference> timers = [];

    /// <summary>The timestamp and due time of the last timer armed on this thread since <see cref="Forget"/>.</summary>
    public static (long At, TimeSpan Due)? LastArmed => lastArmed;

    /// <summary>How many timers it made.</summary>
    public int Created => timers.Count;

    /// <summary>Clears <see cref="LastArmed"/> on this thread.</summary>
    public static void Forget() => lastArmed = null;

    /// <summary>How many of its timers are still reachable (after a full collection).</summary>
    public int Reachable()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return timers.Count(t => t.IsAlive);
    }

    /// <inheritdoc />
    public override long GetTimestamp() => Stopwatch.GetTimestamp();

    /// <inheritdoc />
    public override long TimestampFrequency => Stopwatch.Frequency;

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new Timer(System.CreateTimer(callback, state, dueTime, period));
        timers.Add(new WeakReference(timer));
        return timer;
    }

    private sealed class Timer(ITimer inner) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lastArmed = (Stopwatch.GetTimestamp(), dueTime);
            return inner.Change(dueTime, period);
        }

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
