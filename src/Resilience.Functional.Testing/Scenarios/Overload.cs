namespace Resilience.Functional.Testing;

/// <summary>
/// How the downstream degrades under load: each call in flight beyond <see cref="Capacity"/> (this one included)
/// adds <see cref="ErrorRatePerExcessRequest"/> to the chance of failing with <see cref="Error"/> and
/// <see cref="LatencyFactorPerExcessRequest"/> to the latency multiplier. Retries that pile on make it worse.
/// </summary>
public sealed record Overload
{
    /// <summary>Overload beyond <paramref name="capacity"/> concurrent calls.</summary>
    /// <param name="capacity">Calls in flight the downstream handles without degrading; at least 1.</param>
    public Overload(int capacity) => Capacity = capacity;

    /// <summary>Calls in flight the downstream handles without degrading.</summary>
    public int Capacity { get; init => field = OptionGuards.Positive(value, nameof(Capacity)); }

    /// <summary>Added failure probability per call in flight beyond capacity; in [0, 1]. Default 0.02.</summary>
    public double ErrorRatePerExcessRequest { get; init => field = OptionGuards.Probability(value, nameof(ErrorRatePerExcessRequest)); } = 0.02;

    /// <summary>Added latency multiplier per call in flight beyond capacity; zero or more. Default 0.1.</summary>
    public double LatencyFactorPerExcessRequest { get; init => field = OptionGuards.NonNegative(value, nameof(LatencyFactorPerExcessRequest)); } = 0.1;

    /// <summary>The error an overloaded call fails with; HTTP 503 by default.</summary>
    public Error Error { get; init => field = OptionGuards.NotNull(value, nameof(Error)); } = new HttpStatusError(503);
}
