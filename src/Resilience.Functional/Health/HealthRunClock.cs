namespace Resilience.Functional;

/// <summary>
/// The clock of one health-check run: it reads the run's clock and keeps the timers made through it, so that the run
/// can stop them when it ends.
/// </summary>
/// <remarks>
/// A check is bounded by a timeout built for that run alone, and a timeout keeps its timer for reuse by later calls
/// that never come: without this, every run left a timer behind, armed until the deadline on the system clock, and
/// held by a fake clock until disposed.
/// </remarks>
internal sealed class HealthRunClock(TimeProvider time) : TimeProvider
{
    private readonly List<ITimer> timers = [];

    public override DateTimeOffset GetUtcNow() => time.GetUtcNow();

    public override long GetTimestamp() => time.GetTimestamp();

    public override long TimestampFrequency => time.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => time.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = time.CreateTimer(callback, state, dueTime, period);
        lock (timers)
        {
            timers.Add(timer);
        }

        return timer;
    }

    /// <summary>Stops every timer made so far; call once the run has ended and nothing uses them.</summary>
    public void StopTimers()
    {
        ITimer[] made;
        lock (timers)
        {
            made = [.. timers];
            timers.Clear();
        }

        foreach (var timer in made)
        {
            timer.Dispose();
        }
    }
}
