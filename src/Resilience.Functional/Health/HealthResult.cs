namespace Resilience.Functional;

/// <summary>What a health check observed: a state, a description, and optional data and observed value.</summary>
/// <param name="State">The state observed.</param>
/// <param name="Description">A human-readable description, if any.</param>
public sealed record HealthResult(HealthState State, string? Description)
{
    private static readonly IReadOnlyDictionary<string, object?> NoData = new Dictionary<string, object?>();

    /// <summary>Extra facts about the component (counts, states), keyed by name. Empty by default.</summary>
    public IReadOnlyDictionary<string, object?> Data { get; init; } = NoData;

    /// <summary>The measured value behind the state (a ratio, a latency), rendered as <c>observedValue</c>.</summary>
    public double? ObservedValue { get; init; }

    /// <summary>The unit of <see cref="ObservedValue"/>, rendered as <c>observedUnit</c>.</summary>
    public string? ObservedUnit { get; init; }

    /// <summary>A healthy result.</summary>
    /// <param name="description">A description, if any.</param>
    public static HealthResult Healthy(string? description) => new(HealthState.Healthy, description);

    /// <summary>A degraded result.</summary>
    /// <param name="description">A description, if any.</param>
    public static HealthResult Degraded(string? description) => new(HealthState.Degraded, description);

    /// <summary>An unhealthy result.</summary>
    /// <param name="description">A description, if any.</param>
    public static HealthResult Unhealthy(string? description) => new(HealthState.Unhealthy, description);

    /// <summary>This result with one more data entry (replacing an entry with the same key).</summary>
    /// <param name="key">The data key.</param>
    /// <param name="value">The value.</param>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    public HealthResult WithData(string key, object? value)
    {
        ArgumentNullException.ThrowIfNull(key);
        var data = new Dictionary<string, object?>(Data) { [key] = value };
        return this with { Data = data };
    }
}
