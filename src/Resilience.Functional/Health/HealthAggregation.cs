namespace Resilience.Functional;

/// <summary>The rule that turns the states of several checks into one.</summary>
public static class HealthAggregation
{
    /// <summary>
    /// The seed's rule: every check healthy → <see cref="HealthState.Healthy"/>; at least one healthy →
    /// <see cref="HealthState.Degraded"/>; none healthy → <see cref="HealthState.Unhealthy"/>. A degraded check counts
    /// as not healthy. No checks at all is <see cref="HealthState.Healthy"/> (nothing is failing).
    /// </summary>
    /// <param name="states">The state of each check.</param>
    /// <exception cref="ArgumentNullException"><paramref name="states"/> is null.</exception>
    public static HealthState Combine(IEnumerable<HealthState> states)
    {
        ArgumentNullException.ThrowIfNull(states);
        var any = false;
        var healthy = 0;
        var total = 0;
        foreach (var state in states)
        {
            any = true;
            total++;
            if (state == HealthState.Healthy)
            {
                healthy++;
            }
        }

        return !any || healthy == total ? HealthState.Healthy
            : healthy > 0 ? HealthState.Degraded
            : HealthState.Unhealthy;
    }
}
