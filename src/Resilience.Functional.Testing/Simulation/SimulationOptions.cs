namespace Resilience.Functional.Testing;

/// <summary>Everything that determines a simulation besides the pipeline: the same options give the same run.</summary>
public sealed record SimulationOptions
{
    /// <summary>How the downstream behaves. Default a steady downstream (no errors, 20 ms).</summary>
    public Scenario Scenario { get; init => field = OptionGuards.NotNull(value, nameof(Scenario)); } = new();

    /// <summary>The traffic. Default 50 requests per second, Poisson, for one minute.</summary>
    public RequestStream Requests { get; init => field = OptionGuards.NotNull(value, nameof(Requests)); } = new();

    /// <summary>The seed of every random draw (arrivals, downstream, and <see cref="Simulation.Random"/>). Default 1.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>The width of the time-series buckets; greater than zero. Default 1 second.</summary>
    public TimeSpan BucketSize { get; init => field = OptionGuards.Positive(value, nameof(BucketSize)); } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long after the last arrival requests still in flight may take to finish; then they are cancelled (the
    /// caller gives up) and end with <see cref="CancelledError"/>. Greater than zero. Default 5 minutes.
    /// </summary>
    public TimeSpan DrainTimeout { get; init => field = OptionGuards.Positive(value, nameof(DrainTimeout)); } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Whether to keep every request's outcome in <see cref="SimulationResult.Requests"/> (about 160 bytes each).
    /// Default true. False keeps a long run's memory bounded: the counts, failures by reason, timeline and latency
    /// statistics are the same either way.
    /// </summary>
    public bool RecordRequests { get; init; } = true;

    /// <summary>Whether to keep the full event log in <see cref="SimulationResult.Events"/>. Default true.</summary>
    public bool RecordEvents { get; init; } = true;
}
