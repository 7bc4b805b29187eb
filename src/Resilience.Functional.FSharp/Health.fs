namespace Resilience.Functional.FSharp

open System
open System.Threading
open System.Threading.Tasks
open Resilience.Functional

/// Health checks and registries as curried, check-last functions over the core's HealthCheck and HealthRegistry.
[<RequireQualifiedAccess>]
module Health =
    // C# records cannot be copied with F#'s `with`; rebuild the check with every setting carried over.
    let private copy (timeout: TimeSpan) (failureState: HealthState) (tags: Collections.Generic.IReadOnlySet<string>) (check: HealthCheck) =
        HealthCheck(
            check.Name,
            check.Check,
            Timeout = timeout,
            FailureState = failureState,
            Tags = tags,
            Measurement = check.Measurement
        )

    /// A healthy result with a description.
    let healthy (description: string) : HealthResult = HealthResult.Healthy description

    /// A degraded result with a description.
    let degraded (description: string) : HealthResult = HealthResult.Degraded description

    /// An unhealthy result with a description.
    let unhealthy (description: string) : HealthResult = HealthResult.Unhealthy description

    /// A check named name running the operation (default timeout 30 s, failure state Unhealthy).
    let check (name: string) (operation: Operation<HealthResult>) : HealthCheck = HealthCheck(name, operation)

    /// A check reading an object's state synchronously; a throwing probe reports the failure state.
    let fromState (name: string) (probe: unit -> HealthResult) : HealthCheck = HealthCheck.FromState(name, Func<_> probe)

    /// A check from a usage ratio (0 idle, 1 saturated) mapped by the thresholds.
    let fromUsageRatio (name: string) (thresholds: HealthThresholds) (usageRatio: unit -> float) : HealthCheck =
        HealthCheck.FromUsageRatio(name, Func<_> usageRatio, thresholds)

    /// The result for a usage ratio under the thresholds.
    let usageResult (thresholds: HealthThresholds) (ratio: float) : HealthResult = HealthCheck.UsageResult(ratio, thresholds)

    /// The result for a gate (breaker-like): closed healthy, probing degraded, open unhealthy.
    let gateResult (isClosed: bool) (isProbing: bool) (description: string) : HealthResult =
        HealthCheck.GateResult(isClosed, isProbing, description)

    /// A check of a breaker, keyed name:circuit: closed healthy, half-open degraded, open or isolated unhealthy.
    let forCircuitBreaker (name: string) (breaker: CircuitBreaker) : HealthCheck = HealthCheck.ForCircuitBreaker(name, breaker)

    /// A check of the breaker of every partition (one per endpoint, say), keyed name:circuit: all closed healthy, some
    /// not closed degraded, all open unhealthy.
    let forCircuitBreakers (name: string) (breakerOf: 'V -> CircuitBreaker) (partitions: Partitions<'K, 'V>) : HealthCheck =
        HealthCheck.ForCircuitBreakers(name, partitions, Func<'V, CircuitBreaker> breakerOf)

    /// A check of the breakers of a PartitionedCircuitBreaker, by the rule of forCircuitBreakers.
    let forPartitionedCircuitBreakers (name: string) (breakers: PartitionedCircuitBreaker<'K>) : HealthCheck =
        HealthCheck.ForCircuitBreakers(name, breakers)

    /// A check of every partition's bulkhead, keyed name:utilization: none saturated healthy, all unhealthy, else degraded.
    let forBulkheads (name: string) (bulkheads: PartitionedBulkhead<'K>) : HealthCheck = HealthCheck.ForBulkheads(name, bulkheads)

    /// As forBulkheads with the thresholds.
    let forBulkheadsWith (name: string) (thresholds: HealthThresholds) (bulkheads: PartitionedBulkhead<'K>) : HealthCheck =
        HealthCheck.ForBulkheads(name, bulkheads, thresholds)

    /// A check of every partition's token bucket, by the rule of forBulkheads.
    let forTokenBuckets (name: string) (buckets: PartitionedTokenBucket<'K>) : HealthCheck = HealthCheck.ForTokenBuckets(name, buckets)

    /// As forTokenBuckets with the thresholds.
    let forTokenBucketsWith (name: string) (thresholds: HealthThresholds) (buckets: PartitionedTokenBucket<'K>) : HealthCheck =
        HealthCheck.ForTokenBuckets(name, buckets, thresholds)

    /// A check of every partition's retry budget, by the rule of forBulkheads.
    let forRetryBudgets (name: string) (budgets: PartitionedRetryBudget<'K>) : HealthCheck = HealthCheck.ForRetryBudgets(name, budgets)

    /// As forRetryBudgets with the thresholds.
    let forRetryBudgetsWith (name: string) (thresholds: HealthThresholds) (budgets: PartitionedRetryBudget<'K>) : HealthCheck =
        HealthCheck.ForRetryBudgets(name, budgets, thresholds)

    /// A check of a bulkhead's saturation (slots in use / maximum), keyed name:utilization, default thresholds.
    let forBulkhead (name: string) (bulkhead: Bulkhead) : HealthCheck = HealthCheck.ForBulkhead(name, bulkhead)

    /// As forBulkhead with the thresholds.
    let forBulkheadWith (name: string) (thresholds: HealthThresholds) (bulkhead: Bulkhead) : HealthCheck =
        HealthCheck.ForBulkhead(name, bulkhead, thresholds)

    /// A check of an adaptive concurrency limiter's saturation (in flight / current limit), keyed name:utilization,
    /// default thresholds.
    let forConcurrencyLimiter (name: string) (limiter: AdaptiveConcurrencyLimiter) : HealthCheck =
        HealthCheck.ForConcurrencyLimiter(name, limiter)

    /// As forConcurrencyLimiter with the thresholds.
    let forConcurrencyLimiterWith (name: string) (thresholds: HealthThresholds) (limiter: AdaptiveConcurrencyLimiter) : HealthCheck =
        HealthCheck.ForConcurrencyLimiter(name, limiter, thresholds)

    /// A check of a single-flight's oldest execution in flight against stuckAfter (degraded from 80 % of it, unhealthy
    /// from all of it), keyed name:oldest_in_flight.
    let forSingleFlight (name: string) (stuckAfter: TimeSpan) (flights: SingleFlight<'K, 'T>) : HealthCheck =
        HealthCheck.ForSingleFlight(name, flights, stuckAfter)

    /// A check of a token bucket's exhaustion (1 − available / burst), keyed name:utilization, default thresholds.
    let forTokenBucket (name: string) (bucket: TokenBucket) : HealthCheck = HealthCheck.ForTokenBucket(name, bucket)

    /// As forTokenBucket with the thresholds.
    let forTokenBucketWith (name: string) (thresholds: HealthThresholds) (bucket: TokenBucket) : HealthCheck =
        HealthCheck.ForTokenBucket(name, bucket, thresholds)

    /// A check of a retry budget's exhaustion (1 when a retry would be refused), keyed name:utilization, default
    /// thresholds.
    let forRetryBudget (name: string) (budget: RetryBudget) : HealthCheck = HealthCheck.ForRetryBudget(name, budget)

    /// As forRetryBudget with the thresholds.
    let forRetryBudgetWith (name: string) (thresholds: HealthThresholds) (budget: RetryBudget) : HealthCheck =
        HealthCheck.ForRetryBudget(name, budget, thresholds)

    /// The same check with another timeout.
    let withTimeout (timeout: TimeSpan) (check: HealthCheck) : HealthCheck = copy timeout check.FailureState check.Tags check

    /// The same check reporting state when it fails.
    let withFailureState (state: HealthState) (check: HealthCheck) : HealthCheck = copy check.Timeout state check.Tags check

    /// The same check with the tags added.
    let withTags (tags: string list) (check: HealthCheck) : HealthCheck = check.WithTags(Array.ofList tags)

    /// Runs one check with its timeout on the time provider; never fails, the entry carries the error.
    let runCheck (timeProvider: TimeProvider) (check: HealthCheck) : Operation<HealthCheckEntry> =
        Op.ofValueTask (fun ct -> check.RunAsync(timeProvider, ct))

    /// A registry of the checks on the system clock.
    let registry (checks: HealthCheck seq) : HealthRegistry = HealthRegistry(checks)

    /// A registry of the checks on the time provider.
    let registryWith (timeProvider: TimeProvider) (checks: HealthCheck seq) : HealthRegistry =
        HealthRegistry(checks, timeProvider)

    /// The registry with one more check.
    let add (check: HealthCheck) (registry: HealthRegistry) : HealthRegistry = registry.Add check

    /// The registry's checks for which the predicate holds.
    let filter (predicate: HealthCheck -> bool) (registry: HealthRegistry) : HealthRegistry =
        registry.Filter(Func<_, _> predicate)

    /// The registry's checks carrying the tag.
    let withTag (tag: string) (registry: HealthRegistry) : HealthRegistry = registry.WithTag tag

    /// Runs every check concurrently and aggregates them into a report.
    let report (registry: HealthRegistry) : Operation<HealthCheckReport> =
        Op.create (fun ct -> registry.RunAsync ct)

    /// All healthy: Healthy; none: Unhealthy; otherwise Degraded.
    let combine (states: HealthState seq) : HealthState = HealthAggregation.Combine states

    /// The report as application/health+json.
    let toJson (report: HealthCheckReport) : string = HealthJson.Render report

    /// pass, warn or fail.
    let statusText (state: HealthState) : string = HealthJson.StatusText state

    /// 503 when unhealthy, 200 otherwise.
    let httpStatusCode (state: HealthState) : int = HealthJson.HttpStatusCode state
