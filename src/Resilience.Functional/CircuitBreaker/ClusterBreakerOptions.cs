namespace Resilience.Functional;

/// <summary>The cluster rule of a <see cref="ClusterBreakerLink"/>; every property is validated when set.</summary>
public sealed record ClusterBreakerOptions
{
    /// <summary>The failure ratio over the sum of the live instances' windows at which the cluster trips. In (0, 1]; default 0.5.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Outside (0, 1].</exception>
    public double FailureRatio
    {
        get;
        init => field = value > 0 && value <= 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(FailureRatio), value, "FailureRatio must be in (0, 1].");
    } = 0.5;

    /// <summary>The fewest calls summed over the live instances' windows before the ratio counts. At least 1; default 20.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Less than 1.</exception>
    public int MinimumThroughput
    {
        get;
        init => field = OptionGuards.Positive(value, nameof(MinimumThroughput));
    } = 20;

    /// <summary>
    /// How many instances must be unhealthy (open by their own rule, or failing at the ratio themselves) before the
    /// cluster opens anyone's circuit, so that one bad node does not open everyone's. At least 1; default 1.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Less than 1.</exception>
    public int Quorum
    {
        get;
        init => field = OptionGuards.Positive(value, nameof(Quorum));
    } = 1;

    /// <summary>How often the instance publishes its window and reads the cluster's (polling). From 10 milliseconds to 1 minute; default 250 milliseconds.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Outside [10 ms, 1 min].</exception>
    public TimeSpan PollInterval
    {
        get;
        init => field = value >= TimeSpan.FromMilliseconds(10) && value <= TimeSpan.FromMinutes(1)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(PollInterval), value, "PollInterval must be from 10 milliseconds to 1 minute.");
    } = TimeSpan.FromMilliseconds(250);

    /// <summary>The clock of the polling. Default <see cref="TimeProvider.System"/>.</summary>
    /// <exception cref="ArgumentNullException">Null.</exception>
    public TimeProvider TimeProvider
    {
        get;
        init => field = OptionGuards.NotNull(value, nameof(TimeProvider));
    } = TimeProvider.System;

    /// <summary>Whether <paramref name="counts"/> trip the cluster: a quorum of instances open by their own rule, or the ratio over the summed windows with the minimum throughput and a quorum of unhealthy instances.</summary>
    /// <param name="counts">The sums over the live instances.</param>
    public bool Trips(CircuitBreaking.BreakerClusterCounts counts) =>
        counts.Open >= Quorum
        || (counts.Unhealthy >= Quorum && counts.Calls >= MinimumThroughput && counts.Failures >= FailureRatio * counts.Calls);
}
