namespace Resilience.Functional.Testing;

/// <summary>
/// Something to watch during a simulation, such as a circuit breaker's state: read after every step of the loop,
/// and recorded each time its value changes.
/// </summary>
/// <param name="Name">The name in results and charts.</param>
/// <param name="Read">Reads the current value; must be cheap and must not wait.</param>
public sealed record SimulationProbe(string Name, Func<string> Read);
