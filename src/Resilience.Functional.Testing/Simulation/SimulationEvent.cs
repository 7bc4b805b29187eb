namespace Resilience.Functional.Testing;

/// <summary>One entry of a simulation's event log: two runs with the same inputs give equal logs.</summary>
/// <param name="At">The virtual time, from the start of the simulation.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Request">The request's id (from 0), or -1 for a probe.</param>
/// <param name="Call">The request's downstream call number (from 1) for call events, else 0.</param>
/// <param name="Detail">The reason or probe value, or empty.</param>
public readonly record struct SimulationEvent(TimeSpan At, SimulationEventKind Kind, long Request, int Call, string Detail)
{
    /// <inheritdoc />
    public override string ToString() => $"{At.Ticks} {Kind} #{Request} {Call} {Detail}";
}
