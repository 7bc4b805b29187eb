namespace Resilience.Functional.Stress.Tests;

/// <summary>The step of <see cref="Environment.TickCount64"/>, the clock the system time provider's timers and the
/// library's elapsed-time reckoning on <see cref="TimeProvider.System"/> read.</summary>
internal static class Granularity
{
    /// <summary>The smallest positive step of <see cref="Environment.TickCount64"/> seen within a bounded sampling (at
    /// least 1 ms): a reading lags the true time by less than this.</summary>
    public static TimeSpan OfTickCount()
    {
        var smallest = long.MaxValue;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var last = Environment.TickCount64;
        var steps = 0;
        while (steps < 20 && clock.ElapsedMilliseconds < 200)
        {
            var now = Environment.TickCount64;
            if (now != last)
            {
                smallest = Math.Min(smallest, now - last);
                (last, steps) = (now, steps + 1);
            }
        }

        return TimeSpan.FromMilliseconds(smallest == long.MaxValue ? 16 : Math.Max(1, smallest));
    }
}
