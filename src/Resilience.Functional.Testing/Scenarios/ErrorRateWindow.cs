namespace Resilience.Functional.Testing;

/// <summary>A stretch of time with its own error rate, replacing the scenario's base rate.</summary>
public sealed record ErrorRateWindow : ScenarioWindow
{
    /// <summary>An error rate of <paramref name="errorRate"/> from <paramref name="start"/> lasting <paramref name="duration"/>.</summary>
    /// <param name="start">When it begins; zero or more.</param>
    /// <param name="duration">How long it lasts; greater than zero.</param>
    /// <param name="errorRate">The probability that a call fails; in [0, 1].</param>
    public ErrorRateWindow(TimeSpan start, TimeSpan duration, double errorRate)
        : base(start, duration) => ErrorRate = errorRate;

    /// <summary>The probability that a call fails.</summary>
    public double ErrorRate { get; init => field = OptionGuards.Probability(value, nameof(ErrorRate)); }
}
