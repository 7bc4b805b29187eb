namespace Resilience.Functional.Testing;

using Operation = Func<CancellationToken, ValueTask<Either<Error, SimulatedReply>>>;

/// <summary>
/// A description of a pipeline in the standard order, each stage optional: total timeout → retry → circuit breaker
/// → per-attempt timeout → downstream. <see cref="ResilienceGen.Pipelines"/> generates these; <see cref="Build"/>
/// makes one for a simulation, on its clock and random source.
/// </summary>
public sealed record PipelineSpec
{
    /// <summary>The bound on the whole request, retries included; none by default.</summary>
    public TimeSpan? TotalTimeout { get; init; }

    /// <summary>The retry schedule (its own limits included); no retry by default.</summary>
    public Backoff? Retry { get; init; }

    /// <summary>
    /// The most retries <see cref="Retry"/> allows, when known (as for generated specs), so properties can check
    /// the bound; null when unknown.
    /// </summary>
    public int? MaxRetries { get; init; }

    /// <summary>Which errors the retry retries. Default <see cref="ErrorClassifier.Default"/>.</summary>
    public ErrorClassifier Classifier { get; init => field = OptionGuards.NotNull(value, nameof(Classifier)); } = ErrorClassifier.Default;

    /// <summary>The circuit breaker's settings (its clock is replaced by the simulation's); no breaker by default.</summary>
    public CircuitBreakerOptions? Breaker { get; init; }

    /// <summary>The bound on each downstream call; none by default.</summary>
    public TimeSpan? AttemptTimeout { get; init; }

    /// <summary>
    /// Builds the pipeline for <paramref name="simulation"/>: every timed part on <see cref="Simulation.Time"/>,
    /// jitter from <see cref="Simulation.Random"/>, and a <c>breaker</c> probe when there is a breaker.
    /// </summary>
    /// <param name="simulation">The simulation the pipeline will run in.</param>
    /// <exception cref="ArgumentNullException"><paramref name="simulation"/> is null.</exception>
    public SimulatedPipeline Build(Simulation simulation)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        var time = simulation.Time;
        var breaker = Breaker is { } options ? new CircuitBreaker(options with { TimeProvider = time }) : null;
        var retry = Retry is { } backoff
            ? new RetryOptions { Backoff = backoff, Classifier = Classifier, TimeProvider = time, Random = simulation.Random.AsRandom() }
            : null;
        Operation Wrap(Operation call)
        {
            var op = AttemptTimeout is { } attempt ? call.WithTimeout(new TimeoutOptions { Timeout = attempt, TimeProvider = time }) : call;
            op = breaker is null ? op : op.WithCircuitBreaker(breaker);
            op = retry is null ? op : op.WithRetry(retry);
            return TotalTimeout is { } total ? op.WithTimeout(new TimeoutOptions { Timeout = total, TimeProvider = time }) : op;
        }

        return new SimulatedPipeline(Wrap, breaker is null ? [] : [SimulatedPipeline.BreakerProbe(breaker)]);
    }

    /// <summary>The stages, outermost first, such as <c>timeout(5s) → retry(…) → breaker → timeout(1s)</c>.</summary>
    public override string ToString()
    {
        var stages = new List<string>();
        if (TotalTimeout is { } total)
        {
            stages.Add($"timeout({total.TotalMilliseconds:0}ms)");
        }

        if (Retry is { } retry)
        {
            stages.Add($"retry({retry})");
        }

        if (Breaker is not null)
        {
            stages.Add("breaker");
        }

        if (AttemptTimeout is { } attempt)
        {
            stages.Add($"attempt-timeout({attempt.TotalMilliseconds:0}ms)");
        }

        return stages.Count == 0 ? "none" : string.Join(" → ", stages);
    }
}
