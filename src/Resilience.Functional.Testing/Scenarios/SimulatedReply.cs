namespace Resilience.Functional.Testing;

/// <summary>A successful answer of the simulated downstream.</summary>
/// <param name="Call">The downstream's sequence number of the call that produced it, from 1.</param>
public sealed record SimulatedReply(long Call);
