namespace Resilience.Functional;

/// <summary>The outcome of running a registry: the aggregate state, each check's entry, and the total duration.</summary>
/// <param name="State">The aggregate state (<see cref="HealthAggregation.Combine"/>).</param>
/// <param name="Entries">One entry per check, in registration order.</param>
/// <param name="TotalDuration">From the start of the run to the end of the slowest check.</param>
public sealed record HealthCheckReport(HealthState State, IReadOnlyList<HealthCheckEntry> Entries, TimeSpan TotalDuration);
