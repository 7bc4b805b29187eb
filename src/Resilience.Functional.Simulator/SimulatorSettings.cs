namespace Resilience.Functional.Simulator;

/// <summary>What one invocation of the simulator runs: the parsed command line, with defaults filled in.</summary>
internal sealed record SimulatorSettings
{
    /// <summary>The default seed.</summary>
    public const ulong DefaultSeed = 42;

    /// <summary>The default report path, relative to the current directory.</summary>
    public const string DefaultOutput = "resilience-report.html";

    /// <summary>The scenarios to run, in catalogue order.</summary>
    public IReadOnlyList<string> Scenarios { get; init; } = ScenarioCatalog.Names;

    /// <summary>The pipelines to run, in catalogue order.</summary>
    public IReadOnlyList<string> Pipelines { get; init; } = PipelineCatalog.Names;

    /// <summary>The seed of every run.</summary>
    public ulong Seed { get; init; } = DefaultSeed;

    /// <summary>How long requests arrive, in virtual time.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Mean requests per second.</summary>
    public double Rate { get; init; } = 50;

    /// <summary>Where to write the HTML report.</summary>
    public string Output { get; init; } = DefaultOutput;

    /// <summary>
    /// Whether each run keeps every request's outcome (for tests that look at windows of requests). Off for the
    /// command line, so memory does not grow with the number of requests.
    /// </summary>
    internal bool RecordRequests { get; init; }
}
