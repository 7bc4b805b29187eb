using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>Ready-made checks derived from an object's state.</summary>
public sealed partial record HealthCheck
{
    /// <summary>
    /// A check that reads the state of an object synchronously, e.g. a circuit breaker:
    /// <c>HealthCheck.FromState("payments", () =&gt; HealthResult.Healthy("closed"))</c>. A throwing probe reports
    /// <see cref="FailureState"/> with the exception.
    /// </summary>
    /// <param name="name">The check name.</param>
    /// <param name="probe">Reads the object and says how healthy it is.</param>
    /// <exception cref="ArgumentNullException"><paramref name="probe"/> is null.</exception>
    public static HealthCheck FromState(string name, Func<HealthResult> probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        return new(name, Op.FromFunc(_ => probe()));
    }

    /// <summary>
    /// A check from a usage ratio (0 = idle, 1 = saturated or exhausted) mapped by <paramref name="thresholds"/>:
    /// bulkhead saturation (<c>inUse / capacity</c>), token bucket or retry budget exhaustion
    /// (<c>1 − available / capacity</c>). Its measurement is <c>utilization</c> and its observed value the ratio.
    /// </summary>
    /// <param name="name">The check name.</param>
    /// <param name="usageRatio">Reads the current usage ratio.</param>
    /// <param name="thresholds">Where degraded and unhealthy begin.</param>
    /// <exception cref="ArgumentNullException"><paramref name="usageRatio"/> or <paramref name="thresholds"/> is null.</exception>
    public static HealthCheck FromUsageRatio(string name, Func<double> usageRatio, HealthThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(usageRatio);
        ArgumentNullException.ThrowIfNull(thresholds);
        return FromState(name, () => UsageResult(usageRatio(), thresholds)) with { Measurement = "utilization" };
    }

    /// <summary>The result for a usage ratio: the state from <paramref name="thresholds"/>, the ratio as observed value.</summary>
    /// <param name="ratio">The usage ratio (0 = idle, 1 = saturated or exhausted).</param>
    /// <param name="thresholds">Where degraded and unhealthy begin.</param>
    /// <exception cref="ArgumentNullException"><paramref name="thresholds"/> is null.</exception>
    public static HealthResult UsageResult(double ratio, HealthThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        var state = thresholds.Classify(ratio);
        return new HealthResult(state, $"{ratio:P0} used")
        {
            ObservedValue = double.IsNaN(ratio) ? null : ratio,
            ObservedUnit = "ratio",
        };
    }

    /// <summary>
    /// The state of a three-state object such as a circuit breaker: closed → healthy, half-open → degraded,
    /// open (or isolated) → unhealthy. The lead's breaker check maps its states onto these three flags.
    /// </summary>
    /// <param name="isClosed">The object admits everything.</param>
    /// <param name="isProbing">The object admits only probes.</param>
    /// <param name="description">The description of the result (e.g. the state name).</param>
    public static HealthResult GateResult(bool isClosed, bool isProbing, string? description) =>
        new(isClosed ? HealthState.Healthy : isProbing ? HealthState.Degraded : HealthState.Unhealthy, description);
}
