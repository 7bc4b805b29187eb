namespace Resilience.Functional.Simulator;

/// <summary>Runs every chosen pipeline against every chosen scenario, each in its own seeded simulation.</summary>
internal static class RunMatrix
{
    /// <summary>
    /// The (scenario, pipeline) pairs of <paramref name="settings"/>, scenario-major, in catalogue order: each chosen
    /// scenario with the chosen pipelines it is compared under (<see cref="ScenarioCatalog.Pipelines"/>).
    /// </summary>
    public static IReadOnlyList<(string Scenario, string Pipeline)> Cells(SimulatorSettings settings) =>
        [.. from scenario in settings.Scenarios from pipeline in settings.Pipelines where ScenarioCatalog.Pipelines(scenario).Contains(pipeline) select (scenario, pipeline)];

    /// <summary>How many runs <paramref name="scenario"/> has in <paramref name="settings"/>.</summary>
    public static int RunsOf(SimulatorSettings settings, string scenario) =>
        settings.Pipelines.Count(ScenarioCatalog.Pipelines(scenario).Contains);

    /// <summary>The options of every simulation of <paramref name="scenario"/>: the same seed, so every pipeline meets the same arrivals and downstream.</summary>
    public static SimulationOptions Options(SimulatorSettings settings, string scenario) => new()
    {
        Scenario = ScenarioCatalog.Create(scenario, settings.Duration, settings.Rate),
        Requests = ScenarioCatalog.Traffic(scenario, new RequestStream { RatePerSecond = settings.Rate, Duration = settings.Duration, Pattern = ArrivalPattern.Poisson }),
        Seed = settings.Seed,
        BucketSize = BucketSize(settings.Duration),
        DrainTimeout = TimeSpan.FromMinutes(2),
        RecordEvents = false,
        RecordRequests = settings.RecordRequests,
    };

    /// <summary>Runs one cell.</summary>
    public static RunResult Run(SimulatorSettings settings, string scenario, string pipeline)
    {
        var simulation = new Simulation(Options(settings, scenario));
        return new RunResult(scenario, pipeline, PipelineCatalog.Build(pipeline, simulation).Run(simulation));
    }

    /// <summary>
    /// Runs every cell, up to one per core at a time (each simulation is single-threaded and independent, so the
    /// results do not depend on the parallelism), and returns them in <see cref="Cells"/> order.
    /// </summary>
    /// <param name="settings">What to run.</param>
    /// <param name="completed">Called after each cell finishes, from the thread that ran it.</param>
    public static IReadOnlyList<RunResult> RunAll(SimulatorSettings settings, Action<RunResult>? completed = null)
    {
        var cells = Cells(settings);
        var results = new RunResult[cells.Count];
        Parallel.For(
            0,
            cells.Count,
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            i =>
            {
                results[i] = Run(settings, cells[i].Scenario, cells[i].Pipeline);
                completed?.Invoke(results[i]);
            });
        return results;
    }

    /// <summary>About 300 points per chart, never under one second.</summary>
    private static TimeSpan BucketSize(TimeSpan duration) => TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(duration.TotalSeconds / 300)));
}
