using LanguageExt;

namespace Resilience.Functional.Simulator;

using Operation = Func<CancellationToken, ValueTask<Either<Error, SimulatedReply>>>;

/// <summary>The pipelines the simulator compares: no resilience, five anti-patterns, and the standard pipeline.</summary>
internal static class PipelineCatalog
{
    /// <summary>The pipelines every failure scenario is run against, in the order the table lists them.</summary>
    public static IReadOnlyList<string> General { get; } =
        ["none", "retry-no-backoff", "retry-every-layer", "retry-permanent", "no-timeout", "sensitive-breaker", "standard"];

    /// <summary>The pipelines of the noisy-tenant scenario: no resilience, one bulkhead for everyone, one per tenant.</summary>
    public static IReadOnlyList<string> NoisyTenant { get; } = ["none", "shared-bulkhead", "partitioned-bulkhead"];

    /// <summary>Every pipeline name, in the order the table lists them: the general ones, then those of one pattern's scenarios (see <see cref="ScenarioCatalog.Pipelines"/>).</summary>
    public static IReadOnlyList<string> Names { get; } = [.. General, .. ConcurrencyPipelines.Names.Except(General), .. NoisyTenant.Except(General), "no-coalescing", "single-flight"];

    /// <summary>What each pipeline is, for the report.</summary>
    public static string Describe(string name) => name switch
    {
        "none" => "No resilience: one call per request, whatever happens.",
        "retry-no-backoff" => "Anti-pattern: 3 immediate retries of transient errors, no wait, no budget, no breaker (the standard timeouts).",
        "retry-every-layer" => "Anti-pattern: three layers (gateway, service, client) each retrying 3 times with backoff: up to 64 calls per request (the standard timeouts, no budget, no breaker).",
        "retry-permanent" => "Anti-pattern: 3 retries with backoff of every error, permanent ones (HTTP 400) included (the standard timeouts, no budget, no breaker).",
        "no-timeout" => "Anti-pattern: the standard retry and breaker, but no timeout: a slow call holds its caller as long as it lasts.",
        "sensitive-breaker" => "Anti-pattern: the standard pipeline with a breaker that opens on a single failure.",
        _ when ConcurrencyPipelines.Names.Contains(name) && name != "none" => ConcurrencyPipelines.Describe(name),
        "standard" => "Policy.Standard, tuned for the simulated service: rate limit (twice the request rate) → total timeout 2 s → retry (exponential from 100 ms, capped at 1 s, full jitter, 3 retries, transient errors only, never an open circuit, 20 % budget) → breaker (50 % failures of at least 20 calls over 10 s, open 5 s) → attempt timeout 500 ms.",
        "shared-bulkhead" => "One bulkhead for every tenant, as many slots as the downstream takes, no queue, inside the standard timeouts.",
        "partitioned-bulkhead" => "A bulkhead per tenant (PartitionedBulkhead), half the downstream's capacity each, no queue, inside the standard timeouts: a tenant's burst fills only its own slots.",
        "no-coalescing" => "Every request calls the origin itself (the stampede without coalescing).",
        "single-flight" => "WithSingleFlight keyed by the request's resource: concurrent requests for one key share one origin call.",
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown pipeline."),
    };

    /// <summary>Builds the pipeline named <paramref name="name"/> for <paramref name="simulation"/>.</summary>
    /// <param name="name">One of <see cref="Names"/>.</param>
    /// <param name="simulation">The simulation it will run in: its clock and random source.</param>
    public static SimulatedPipeline Build(string name, Simulation simulation) => name switch
    {
        "none" => new SimulatedPipeline(static call => call),
        "retry-no-backoff" => RetryNoBackoff(simulation),
        "retry-every-layer" => RetryEveryLayer(simulation),
        "retry-permanent" => RetryPermanent(simulation),
        "no-timeout" => NoTimeout(simulation),
        "sensitive-breaker" => SensitiveBreaker(simulation),
        "standard" => StandardPipeline.Build(simulation),
        "shared-bulkhead" => SharedBulkhead(simulation),
        "partitioned-bulkhead" => PartitionedBulkhead(simulation),
        _ when ConcurrencyPipelines.Names.Contains(name) => ConcurrencyPipelines.Build(name, simulation),
        "no-coalescing" => new SimulatedPipeline(static call => call),
        "single-flight" => SingleFlight(simulation),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown pipeline."),
    };

    private static SimulatedPipeline SingleFlight(Simulation simulation)
    {
        var flights = new SingleFlight<int, SimulatedReply>();
        return new SimulatedPipeline(
            call => simulation.CurrentResourceKey is { } key ? call.WithSingleFlight(flights, key) : call,
            [new SimulationProbe("in-flight keys", () => flights.InFlight.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
    }

    private static SimulatedPipeline RetryNoBackoff(Simulation simulation)
    {
        var retry = new RetryOptions { Backoff = Backoff.Immediate.MaxRetries(3), TimeProvider = simulation.Time, Random = simulation.Random.AsRandom() };
        return WithTimeouts(simulation, op => op.WithRetry(retry));
    }

    private static SimulatedPipeline RetryEveryLayer(Simulation simulation)
    {
        var retry = new RetryOptions
        {
            Backoff = Backoff.Exponential(TimeSpan.FromMilliseconds(100), 2).FullJitter().MaxRetries(3),
            TimeProvider = simulation.Time,
            Random = simulation.Random.AsRandom(),
        };

        // Each layer answers its caller with the last error it saw, as a service returns 503 when its own
        // dependency does: so the layer above retries again.
        Operation Layer(Operation inner) => inner.WithRetry(retry).MapError(static e => e is RetriesExhaustedError r && !r.Attempts.IsEmpty ? r.Attempts.Last : e);
        return WithTimeouts(simulation, op => Layer(Layer(Layer(op))));
    }

    private static SimulatedPipeline RetryPermanent(Simulation simulation)
    {
        var retry = new RetryOptions
        {
            Backoff = Backoff.Exponential(TimeSpan.FromMilliseconds(100), 2).CapDelay(TimeSpan.FromSeconds(1)).FullJitter().MaxRetries(3),
            Classifier = ErrorClassifier.Create(static _ => true),
            TimeProvider = simulation.Time,
            Random = simulation.Random.AsRandom(),
        };
        return WithTimeouts(simulation, op => op.WithRetry(retry));
    }

    private static SimulatedPipeline NoTimeout(Simulation simulation)
    {
        var breaker = new CircuitBreaker(StandardPipeline.BreakerOptions(simulation.Time));
        var retry = FailFastRetry(simulation);
        return new SimulatedPipeline(call => call.WithCircuitBreaker(breaker).WithRetry(retry), [SimulatedPipeline.BreakerProbe(breaker)]);
    }

    private static SimulatedPipeline SensitiveBreaker(Simulation simulation)
    {
        var breaker = new CircuitBreaker(StandardPipeline.BreakerOptions(simulation.Time) with { ConsecutiveFailures = 1, FailureRatio = null });
        var retry = FailFastRetry(simulation);
        return WithTimeouts(simulation, op => op.WithCircuitBreaker(breaker).WithRetry(retry), SimulatedPipeline.BreakerProbe(breaker));
    }

    private static SimulatedPipeline SharedBulkhead(Simulation simulation)
    {
        var bulkhead = new Bulkhead(TenantBulkhead(simulation, ScenarioCatalog.OverloadCapacity(simulation.Options.Requests.RatePerSecond)));
        return WithTimeouts(simulation, op => op.WithBulkhead(bulkhead));
    }

    private static SimulatedPipeline PartitionedBulkhead(Simulation simulation)
    {
        var each = Math.Max(1, ScenarioCatalog.OverloadCapacity(simulation.Options.Requests.RatePerSecond) / 2);
        var bulkheads = new PartitionedBulkhead<int>(TenantBulkhead(simulation, each), new PartitionOptions { TimeProvider = simulation.Time });

        // The pipeline function runs as each request starts, so the tenant read here is that request's.
        return WithTimeouts(simulation, op => op.WithBulkhead(bulkheads, simulation.CurrentTenant));
    }

    // No queue: a queued waiter resumes on the thread pool, off the simulation's virtual-time loop.
    private static BulkheadOptions TenantBulkhead(Simulation simulation, int slots) => new()
    {
        MaxConcurrency = slots,
        MaxQueueLength = 0,
        TimeProvider = simulation.Time,
    };

    /// <summary>
    /// The standard retry as the preset runs it, for pipelines built by hand: an open circuit is not retried, so that
    /// they differ from the standard pipeline only by their mistake.
    /// </summary>
    private static RetryOptions FailFastRetry(Simulation simulation) =>
        StandardPipeline.RetryOptions(simulation) with { Classifier = ErrorClassifier.Default.Except(static e => e is CircuitOpenError) };

    /// <summary>
    /// <paramref name="middle"/> between the standard per-attempt timeout (inside) and total timeout (outside), so
    /// that an anti-pattern differs from the standard pipeline only by its mistake.
    /// </summary>
    private static SimulatedPipeline WithTimeouts(Simulation simulation, Func<Operation, Operation> middle, params SimulationProbe[] probes)
    {
        var attempt = new TimeoutOptions { Timeout = StandardPipeline.AttemptTimeout, TimeProvider = simulation.Time };
        var total = new TimeoutOptions { Timeout = StandardPipeline.TotalTimeout, TimeProvider = simulation.Time };
        return new SimulatedPipeline(call => middle(call.WithTimeout(attempt)).WithTimeout(total), probes);
    }
}
