namespace Resilience.Functional;

/// <summary>
/// Maps a usage ratio (0 = idle, 1 = saturated or exhausted) to a state: at or above <see cref="Unhealthy"/> is
/// unhealthy, at or above <see cref="Degraded"/> is degraded, below is healthy. Used for bulkhead saturation
/// (in use / capacity) and token bucket or retry budget exhaustion (1 − available / capacity).
/// </summary>
public sealed record HealthThresholds
{
    /// <summary>Thresholds from which usage is degraded and unhealthy.</summary>
    /// <param name="degraded">The ratio from which the state is degraded; in (0, 1] and at most <paramref name="unhealthy"/>.</param>
    /// <param name="unhealthy">The ratio from which the state is unhealthy; in (0, 1].</param>
    /// <exception cref="ArgumentOutOfRangeException">A ratio outside (0, 1], or <paramref name="degraded"/> above <paramref name="unhealthy"/>.</exception>
    public HealthThresholds(double degraded, double unhealthy)
    {
        Unhealthy = InRange(unhealthy, nameof(unhealthy));
        Degraded = InRange(degraded, nameof(degraded));
        if (degraded > unhealthy)
        {
            throw new ArgumentOutOfRangeException(
                nameof(degraded), degraded, $"degraded must be in (0, unhealthy] = (0, {unhealthy}].");
        }
    }

    /// <summary>The default thresholds: degraded from 80 % usage, unhealthy at 100 %.</summary>
    public static HealthThresholds Default { get; } = new(0.8, 1.0);

    /// <summary>The ratio from which the state is degraded.</summary>
    public double Degraded { get; }

    /// <summary>The ratio from which the state is unhealthy.</summary>
    public double Unhealthy { get; }

    /// <summary>The state for <paramref name="ratio"/>. A NaN ratio (the object could not say) is unhealthy.</summary>
    /// <param name="ratio">The usage ratio; values outside [0, 1] are compared as they are.</param>
    public HealthState Classify(double ratio) =>
        double.IsNaN(ratio) || ratio >= Unhealthy ? HealthState.Unhealthy
        : ratio >= Degraded ? HealthState.Degraded
        : HealthState.Healthy;

    private static double InRange(double value, string name) =>
        value > 0 && value <= 1 ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be in (0, 1].");
}
