namespace Resilience.Functional;

/// <summary>
/// How long a circuit stays open, as a function of the number of consecutive openings (1 for the first opening after
/// the circuit was closed, 2 if the first half-open probe failed, and so on).
/// </summary>
public sealed partial class BreakDuration
{
    private readonly Func<int, TimeSpan> byOpening;
    private readonly string description;

    private BreakDuration(Func<int, TimeSpan> byOpening, string description) =>
        (this.byOpening, this.description) = (byOpening, description);

    /// <summary>The same duration for every opening.</summary>
    /// <param name="duration">The duration, greater than zero.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="duration"/> is not greater than zero.</exception>
    public static BreakDuration Fixed(TimeSpan duration)
    {
        RequirePositive(duration, nameof(duration));
        return new(_ => duration, $"Fixed({Durations.Format(duration)})");
    }

    /// <summary><c>min(max, initial · factor^(opening − 1))</c>: grows with each consecutive opening, up to a cap.</summary>
    /// <param name="initial">The first duration, greater than zero.</param>
    /// <param name="factor">The growth factor, at least 1 and finite.</param>
    /// <param name="max">The cap, at least <paramref name="initial"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public static BreakDuration Exponential(TimeSpan initial, double factor, TimeSpan max)
    {
        RequirePositive(initial, nameof(initial));
        if (!(factor >= 1) || double.IsInfinity(factor))
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "The factor must be finite and at least 1.");
        }

        if (max < initial)
        {
            throw new ArgumentOutOfRangeException(nameof(max), max, "The cap must be at least the initial duration.");
        }

        return new(opening =>
        {
            var ticks = initial.Ticks * Math.Pow(factor, Math.Max(0, opening - 1));
            return ticks >= max.Ticks ? max : TimeSpan.FromTicks((long)ticks);
        }, FormattableString.Invariant($"Exponential({Durations.Format(initial)}, x{factor}, max {Durations.Format(max)})"));
    }

    /// <summary>
    /// A duration computed by <paramref name="byOpening"/> from the opening count. A negative result, or an exception,
    /// is taken as zero (the next request is a probe): the function runs on the breaker's path, where nothing may throw.
    /// </summary>
    /// <param name="byOpening">The duration for an opening count (1, 2, ...).</param>
    /// <exception cref="ArgumentNullException"><paramref name="byOpening"/> is null.</exception>
    public static BreakDuration Of(Func<int, TimeSpan> byOpening) =>
        new(byOpening ?? throw new ArgumentNullException(nameof(byOpening)), "Custom");

    /// <summary>The break duration for the given consecutive opening.</summary>
    /// <param name="opening">The opening count, from 1.</param>
    public TimeSpan For(int opening)
    {
        try
        {
            var duration = byOpening(opening);
            return duration < TimeSpan.Zero ? TimeSpan.Zero : duration;
        }
        catch (Exception)
        {
            return TimeSpan.Zero;
        }
    }

    private static void RequirePositive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(name, value, "The duration must be greater than zero.");
        }
    }

    /// <summary>The duration as text, e.g. <c>Fixed(30s)</c> or <c>Exponential(5s, x2, max 60s)</c>.</summary>
    public override string ToString() => description;
}
