namespace Resilience.Functional;

/// <summary>Waits <see cref="Latency"/> on the controller's clock before running the operation, at <see cref="Rate"/>.</summary>
public sealed record ChaosLatency
{
    /// <summary>Creates a latency injection.</summary>
    /// <param name="rate">The share of calls delayed, in (0, 1].</param>
    /// <param name="latency">The delay added; positive.</param>
    /// <exception cref="ArgumentOutOfRangeException">The rate is outside (0, 1] or the latency is not positive.</exception>
    public ChaosLatency(double rate, TimeSpan latency)
    {
        Rate = rate;
        Latency = latency;
    }

    /// <summary>The share of calls delayed, in (0, 1].</summary>
    public double Rate { get; init => field = ChaosController.ValidateRate(value, nameof(Rate)); }

    /// <summary>The delay added to an injected call; positive.</summary>
    public TimeSpan Latency
    {
        get;
        init => field = value > TimeSpan.Zero
            ? value
            : throw new ArgumentOutOfRangeException(nameof(Latency), value, "Latency must be positive (> 00:00:00).");
    }

    /// <summary>
    /// The name this pattern's telemetry is tagged with (<c>resilience.policy.name</c>, see docs/telemetry.md); a
    /// <see cref="Policy"/> built from these settings passes its own name here. Default <c>chaos-latency</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The value is null, empty or white space.</exception>
    public string Name
    {
        get;
        init => field = OptionGuards.Name(value, nameof(Name));
    } = ChaosTelemetry.DefaultLatencyName;
}
