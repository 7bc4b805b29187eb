namespace Resilience.Functional;

/// <summary>
/// The calls a circuit breaker's ratio rules look at: the last N calls, or the calls of the last duration counted in
/// buckets (a bucket's calls leave the window together when the bucket ages out).
/// </summary>
public sealed record SlidingWindow
{
    private SlidingWindow(int size, TimeSpan duration, int buckets)
    {
        Size = size;
        Duration = duration;
        Buckets = buckets;
    }

    /// <summary>For a count-based window, the number of calls it holds; 0 for a time-based window.</summary>
    public int Size { get; }

    /// <summary>For a time-based window, the duration it covers; zero for a count-based window.</summary>
    public TimeSpan Duration { get; }

    /// <summary>For a time-based window, the number of buckets; 0 for a count-based window.</summary>
    public int Buckets { get; }

    /// <summary>Whether the window is time-based.</summary>
    public bool IsTimeBased => Buckets > 0;

    /// <summary>A window of the last <paramref name="size"/> calls.</summary>
    /// <param name="size">The number of calls, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is less than 1.</exception>
    public static SlidingWindow ByCount(int size) =>
        size >= 1 ? new(size, TimeSpan.Zero, 0) : throw new ArgumentOutOfRangeException(nameof(size), size, "The window size must be at least 1.");

    /// <summary>A window of the calls of the last <paramref name="duration"/>, in <paramref name="buckets"/> equal buckets.</summary>
    /// <param name="duration">The duration covered, greater than zero and at least one tick per bucket.</param>
    /// <param name="buckets">The number of buckets, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public static SlidingWindow ByTime(TimeSpan duration, int buckets)
    {
        if (buckets < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(buckets), buckets, "The bucket count must be at least 1.");
        }

        if (duration <= TimeSpan.Zero || duration.Ticks < buckets)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration, "The window duration must be greater than zero and at least one tick per bucket.");
        }

        return new(0, duration, buckets);
    }

    internal OutcomeWindow Empty() => IsTimeBased ? new TimeOutcomeWindow(Duration.Ticks / Buckets, Buckets) : new CountOutcomeWindow(Size);
}
