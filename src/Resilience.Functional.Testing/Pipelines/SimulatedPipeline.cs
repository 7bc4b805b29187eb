namespace Resilience.Functional.Testing;

using Operation = Func<CancellationToken, ValueTask<Either<Error, SimulatedReply>>>;

/// <summary>
/// A pipeline built for one <see cref="Simulation"/>: how it wraps the downstream call, and what to watch while it
/// runs (such as its circuit breaker's state). Run it with <see cref="Run"/>.
/// </summary>
/// <param name="Wrap">Turns the downstream call into the resilient operation the caller runs.</param>
/// <param name="Probes">Values to record over time.</param>
public sealed record SimulatedPipeline(Func<Operation, Operation> Wrap, IReadOnlyList<SimulationProbe> Probes)
{
    /// <summary>A pipeline with no probes.</summary>
    /// <param name="wrap">Turns the downstream call into the resilient operation the caller runs.</param>
    public SimulatedPipeline(Func<Operation, Operation> wrap)
        : this(wrap, [])
    {
    }

    /// <summary>The probe of <paramref name="breaker"/>'s state, named <c>breaker</c>.</summary>
    /// <param name="breaker">The breaker to watch.</param>
    public static SimulationProbe BreakerProbe(CircuitBreaker breaker)
    {
        ArgumentNullException.ThrowIfNull(breaker);
        return new SimulationProbe("breaker", () => breaker.State.ToString());
    }

    /// <summary>Runs this pipeline in <paramref name="simulation"/> (once per simulation).</summary>
    /// <param name="simulation">The simulation the pipeline was built for.</param>
    public SimulationResult Run(Simulation simulation)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        return simulation.Run(Wrap, [.. Probes]);
    }
}
