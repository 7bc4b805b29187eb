namespace Resilience.Functional.Testing;

/// <summary>
/// One run of a pipeline against a simulated downstream, in virtual time: requests arrive as
/// <see cref="SimulationOptions.Requests"/> says, each goes through the pipeline to a downstream behaving as
/// <see cref="SimulationOptions.Scenario"/> says, and every wait happens on <see cref="Time"/>. Ten virtual minutes at
/// 50 requests per second take well under a second, and the same options and pipeline give the same
/// <see cref="SimulationResult"/>, event for event.
/// </summary>
/// <remarks>
/// Build the pipeline's stateful parts (breakers, bulkheads, budgets) and timed parts with <see cref="Time"/> and
/// <see cref="Random"/>, then call <see cref="Run"/> once. The pipeline must follow <see cref="VirtualTimeLoop"/>'s
/// rules: no <c>Task.Run</c>, thread pool, real I/O or real timers.
/// <code>
/// var simulation = new Simulation(new SimulationOptions { Scenario = Scenario.Flaky(0.1), Seed = 7 });
/// var noResilience = simulation.Run(op =&gt; op);
/// Console.WriteLine(noResilience); // 3000 requests, success 90.00 %, p50 20.0 ms, ...
/// </code>
/// </remarks>
public sealed class Simulation
{
    private bool ran;

    /// <summary>A simulation with <paramref name="options"/>.</summary>
    /// <param name="options">The scenario, traffic, seed and reporting options.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    public Simulation(SimulationOptions options)
    {
        Options = OptionGuards.NotNull(options, nameof(options));
        var root = new SimulationRandom(options.Seed);
        ArrivalRandom = root.Fork(1);
        Time = new VirtualTimeProvider();
        Downstream = new SimulatedDownstream(options.Scenario, Time, root.Fork(2));
        Random = root.Fork(3);
        BurstRandom = root.Fork(4);
    }

    /// <summary>The options.</summary>
    public SimulationOptions Options { get; }

    /// <summary>The virtual clock: give it to every timed part of the pipeline.</summary>
    public VirtualTimeProvider Time { get; }

    /// <summary>A seeded source for the pipeline's own randomness (jitter), independent of the downstream's draws.</summary>
    public SimulationRandom Random { get; }

    /// <summary>The simulated downstream.</summary>
    public SimulatedDownstream Downstream { get; }

    /// <summary>
    /// The tenant of the request whose pipeline is being built (<see cref="RequestStream.Tenants"/>,
    /// <see cref="RequestBurst.Tenant"/>): the pipeline function runs once per request as it starts, so a pipeline with
    /// state per tenant (a bulkhead per tenant) reads it there. 1 before the first request.
    /// </summary>
    public int CurrentTenant { get; internal set; } = 1;

    /// <summary>
    /// The resource key of the request whose call the pipeline is wrapping now (<see cref="Scenario.ResourceKeys"/>),
    /// so that a pipeline can key a pattern by it (coalesce, partition); null outside the wrap, or when the scenario
    /// has no resource keys.
    /// </summary>
    public int? CurrentResourceKey { get; internal set; }

    private SimulationRandom ArrivalRandom { get; }

    private SimulationRandom BurstRandom { get; }

    /// <summary>
    /// Runs the simulation: <paramref name="pipeline"/> turns each request's downstream call into the resilient
    /// operation the caller runs; <paramref name="probes"/> are watched throughout.
    /// </summary>
    /// <param name="pipeline">Wraps an operation in the resilience under test; identity for none.</param>
    /// <param name="probes">Values to record over time, such as a breaker's state.</param>
    /// <returns>The measurements.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="InvalidOperationException">
    /// The simulation already ran, or the pipeline waited outside virtual time, or requests kept running long after
    /// they were cancelled at the end of <see cref="SimulationOptions.DrainTimeout"/>.
    /// </exception>
    public SimulationResult Run(
        Func<Func<CancellationToken, ValueTask<Either<Error, SimulatedReply>>>, Func<CancellationToken, ValueTask<Either<Error, SimulatedReply>>>> pipeline,
        params SimulationProbe[] probes)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(probes);
        if (ran)
        {
            throw new InvalidOperationException("A simulation runs once; create another with the same options to repeat it.");
        }

        ran = true;
        var run = new SimulationRun(this, pipeline, probes, Options.Requests.TenantArrivals(ArrivalRandom, BurstRandom));
        var loop = new VirtualTimeLoop(Time) { AfterStep = run.SampleProbes };
        var limit = Options.Requests.Duration + Options.DrainTimeout + Options.DrainTimeout;
        var result = loop.Run(run.Start, limit);
        result.OffLoopResumptions = loop.OffLoopResumptions;
        return result;
    }
}
