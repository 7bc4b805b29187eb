namespace Resilience.Functional.Testing;

/// <summary>A slow-down: every latency drawn in the window is multiplied by <see cref="Factor"/>.</summary>
public sealed record SlowDown : ScenarioWindow
{
    /// <summary>A slow-down by <paramref name="factor"/> from <paramref name="start"/> lasting <paramref name="duration"/>.</summary>
    /// <param name="start">When it begins; zero or more.</param>
    /// <param name="duration">How long it lasts; greater than zero.</param>
    /// <param name="factor">The latency multiplier; greater than zero.</param>
    public SlowDown(TimeSpan start, TimeSpan duration, double factor)
        : base(start, duration) => Factor = factor;

    /// <summary>The latency multiplier.</summary>
    public double Factor { get; init => field = OptionGuards.Positive(value, nameof(Factor)); }
}
