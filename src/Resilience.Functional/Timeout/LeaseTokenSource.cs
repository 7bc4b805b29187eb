namespace Resilience.Functional;

/// <summary>
/// A timeout lease's token source, which knows its lease: a wait inside the timeout finds the deadline through the
/// token it was given (<see cref="Deadlines"/>).
/// </summary>
internal sealed class LeaseTokenSource(TimeoutLease lease) : CancellationTokenSource
{
    /// <summary>The lease this source belongs to.</summary>
    public TimeoutLease Lease { get; } = lease;
}
