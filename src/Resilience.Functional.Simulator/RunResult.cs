namespace Resilience.Functional.Simulator;

/// <summary>One cell of the run matrix: a pipeline run against a scenario, and what it measured.</summary>
/// <param name="Scenario">The scenario's name.</param>
/// <param name="Pipeline">The pipeline's name.</param>
/// <param name="Result">The simulation's measurements.</param>
internal sealed record RunResult(string Scenario, string Pipeline, SimulationResult Result)
{
    /// <summary>The errors by which a policy shed load rather than the downstream failing: open circuit, rate limit, retry budget, full bulkhead, concurrency limit.</summary>
    public static readonly IReadOnlySet<string> RejectionReasons = new HashSet<string>(StringComparer.Ordinal)
    {
        nameof(CircuitOpenError), nameof(RateLimitedError), nameof(RetryBudgetExhaustedError), nameof(BulkheadFullError), nameof(PartitionLimitError),
        nameof(ConcurrencyLimitExceededError),
    };

    /// <summary>Requests a policy rejected (see <see cref="RejectionReasons"/>).</summary>
    public int Rejected => Result.FailuresByReason.Where(f => RejectionReasons.Contains(f.Key)).Sum(f => f.Value);

    /// <summary>Requests that ended with a timeout.</summary>
    public int TimedOut => Result.FailuresByReason.GetValueOrDefault(nameof(TimeoutError));

    /// <summary>Downstream calls per request.</summary>
    public double LoadAmplification => Result.RequestCount == 0 ? 0 : (double)Result.DownstreamCalls / Result.RequestCount;
}
