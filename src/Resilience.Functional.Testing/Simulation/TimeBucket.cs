namespace Resilience.Functional.Testing;

/// <summary>The statistics of one stretch of virtual time, for charts.</summary>
public sealed record TimeBucket
{
    /// <summary>Where the bucket begins.</summary>
    public required TimeSpan Start { get; init; }

    /// <summary>The bucket's width.</summary>
    public required TimeSpan Size { get; init; }

    /// <summary>Requests that arrived in the bucket.</summary>
    public int Arrivals { get; init; }

    /// <summary>Requests that completed in the bucket.</summary>
    public int Completed { get; init; }

    /// <summary>Requests that completed in the bucket with a success.</summary>
    public int Succeeded { get; init; }

    /// <summary>Requests that completed in the bucket with an error.</summary>
    public int Failed => Completed - Succeeded;

    /// <summary>Succeeded / completed, or null when nothing completed.</summary>
    public double? SuccessRate => Completed == 0 ? null : (double)Succeeded / Completed;

    /// <summary>Downstream calls started in the bucket.</summary>
    public long DownstreamCalls { get; init; }

    /// <summary>Downstream calls started per second of the bucket.</summary>
    public double DownstreamLoad => DownstreamCalls / Size.TotalSeconds;

    /// <summary>The most downstream calls in flight at the start of a call in this bucket.</summary>
    public int PeakDownstreamInFlight { get; init; }

    /// <summary>Latency of the requests that completed in the bucket (percentiles at most 0.8 % above the exact ones, as <see cref="SimulationResult.Latency"/>).</summary>
    public LatencySummary Latency { get; init; } = LatencySummary.Empty;

    /// <summary>Each probe's value at the end of the bucket.</summary>
    public IReadOnlyDictionary<string, string> Probes { get; init; } = new Dictionary<string, string>();
}
