namespace Resilience.Functional.DependencyInjection.Configuration;

/// <summary>
/// The configuration of chaos injection, the innermost layers: a latency (<see cref="ChaosLatency"/>) and a fault
/// (<see cref="ChaosFault"/>, an <see cref="HttpStatusError"/> of <see cref="FaultStatusCode"/>), each at a rate.
/// </summary>
public sealed record ChaosSettings
{
    /// <summary>Whether anything is injected (<see cref="ChaosOptions.Enabled"/>); default true.</summary>
    public bool? Enabled { get; init; }

    /// <summary><see cref="ChaosFault.Rate"/>; absent: no fault layer.</summary>
    public double? FaultRate { get; init; }

    /// <summary>The status code of the injected <see cref="HttpStatusError"/>; default 503.</summary>
    public int? FaultStatusCode { get; init; }

    /// <summary><see cref="ChaosLatency.Rate"/>; absent: no latency layer.</summary>
    public double? LatencyRate { get; init; }

    /// <summary><see cref="ChaosLatency.Latency"/>, as a duration; default 1 s.</summary>
    public string? Latency { get; init; }

    internal IEnumerable<Policy> ToPolicies(SettingPath path, TimeProvider clock)
    {
        var controller = new ChaosController(new ChaosOptions { Enabled = Enabled ?? true, TimeProvider = clock });
        var layers = new List<Policy>(2);
        if (LatencyRate is { } latencyRate)
        {
            var latency = ConfigurationDuration.Read(Latency, path[nameof(Latency)]) ?? TimeSpan.FromSeconds(1);
            layers.Add(Policy.Chaos(controller, path.Check(
                () => new ChaosLatency(latencyRate, latency),
                ("Rate", nameof(LatencyRate), latencyRate),
                ("Latency", nameof(Latency), Latency))));
        }

        if (FaultRate is { } faultRate)
        {
            layers.Add(Policy.Chaos(controller, path.Check(
                () => new ChaosFault(faultRate, new HttpStatusError(FaultStatusCode ?? 503)),
                ("Rate", nameof(FaultRate), faultRate),
                ("statusCode", nameof(FaultStatusCode), FaultStatusCode))));
        }

        return layers;
    }
}
