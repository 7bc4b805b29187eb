using Resilience.Functional.CircuitBreaking;

namespace Resilience.Functional;

/// <content>Changing a live breaker's thresholds without losing its state (docs/hosting.md#what-a-reload-keeps).</content>
public sealed partial class CircuitBreaker
{
    /// <summary>
    /// Whether <paramref name="options"/> differ from <see cref="Options"/> only in thresholds, so that
    /// <see cref="UpdateThresholds"/> accepts them: the same <see cref="CircuitBreakerOptions.Window"/> (when a ratio
    /// rule is on), the same ratio rules turned on (<see cref="CircuitBreakerOptions.FailureRatio"/> and
    /// <see cref="CircuitBreakerOptions.SlowCallRatio"/> set or not), the same clock and the same name.
    /// </summary>
    /// <param name="options">The proposed settings.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    public bool HasSameShape(CircuitBreakerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var current = Options;
        return options.UsesWindow == current.UsesWindow
            && options.SlowCallRatio.HasValue == current.SlowCallRatio.HasValue
            && (!options.UsesWindow || options.Window == current.Window)
            && ReferenceEquals(options.TimeProvider, current.TimeProvider)
            && string.Equals(options.Name, current.Name, StringComparison.Ordinal);
    }

    /// <summary>
    /// Replaces the thresholds (consecutive failures, ratios, slow-call duration, minimum throughput, break duration,
    /// half-open probes, probe timeout, classifier) and keeps the state: the circuit (closed, open, half-open,
    /// isolated), when an open circuit half-opens, the consecutive failures and openings, the admitted probes and the
    /// window's recorded calls. The new thresholds decide from the next event on; the current break is not shortened.
    /// </summary>
    /// <param name="options">The new settings; <see cref="HasSameShape"/> must hold.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">The options are invalid, or differ in more than thresholds.</exception>
    public void UpdateThresholds(CircuitBreakerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!HasSameShape(options.CheckAcrossSettings()))
        {
            throw new ArgumentException(
                "Only thresholds can change on a live breaker: the window, the ratio rules turned on, the clock and the name must stay the same.",
                nameof(options));
        }

        if (gate is not null)
        {
            lock (gate)
            {
                Volatile.Write(ref state, state.WithOptions(options));
            }

            return;
        }

        var current = Volatile.Read(ref state);
        while (!ReferenceEquals(Interlocked.CompareExchange(ref state, current.WithOptions(options), current), current))
        {
            current = Volatile.Read(ref state);
        }
    }
}
