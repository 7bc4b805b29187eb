namespace Resilience.Functional.CircuitBreaking;

/// <summary>What happened, as seen by the circuit breaker's transition function.</summary>
public enum BreakerInputKind
{
    /// <summary>A caller asks to run a call.</summary>
    Requested,

    /// <summary>An admitted call succeeded.</summary>
    Succeeded,

    /// <summary>An admitted call failed with an error the classifier counts as a failure.</summary>
    Failed,

    /// <summary>An admitted call failed with an error the classifier does not count (neither success nor failure).</summary>
    Ignored,

    /// <summary>An admitted call was cancelled by its caller; it counts for nothing and releases its permit.</summary>
    Cancelled,

    /// <summary>A half-open probe did not report within the probe timeout; it counts as a failed probe.</summary>
    ProbeTimedOut,

    /// <summary>Manual isolation: the circuit stays open until reset.</summary>
    Isolate,

    /// <summary>Manual reset: the circuit closes and forgets every count.</summary>
    Reset,

    /// <summary>
    /// An outside rule (e.g. a cluster's aggregate, docs/circuit-breaker.md) opens a closed circuit as its own rule
    /// would: for the break duration, then half-open probes. It changes nothing unless the circuit is closed.
    /// </summary>
    Trip,
}
