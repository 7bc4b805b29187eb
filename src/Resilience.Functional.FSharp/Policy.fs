namespace Resilience.Functional.FSharp

open System
open Resilience.Functional

/// Reusable policies as curried functions over the core's Policy: build a policy once (one per pattern, or a pipeline
/// of them), then apply it to operations of any success type. The operation comes last, so policies pipe.
[<RequireQualifiedAccess>]
module Policy =
    /// Retries transient failures with the options (see Retry.withOptions). Named "retry".
    let retry (options: RetryOptions) : Policy = Policy.Retry options

    /// Guards calls with the shared breaker (see CircuitBreaker.guard). Named "circuit-breaker".
    let circuitBreaker (breaker: CircuitBreaker) : Policy = Policy.CircuitBreaker breaker

    /// Bounds calls in time with the options (see Timeout.withOptions). Named "timeout".
    let timeout (options: TimeoutOptions) : Policy = Policy.Timeout options

    /// Limits concurrent calls with the shared bulkhead (see Bulkhead.guard). Named "bulkhead".
    let bulkhead (bulkhead: Bulkhead) : Policy = Policy.Bulkhead bulkhead

    /// Limits concurrent calls with the shared adaptive limiter (see ConcurrencyLimit.guard). Named "concurrency-limit".
    let concurrencyLimit (limiter: AdaptiveConcurrencyLimiter) : Policy = Policy.ConcurrencyLimit limiter

    /// Rejects calls beyond the shared bucket's rate at once (see RateLimiter.guard). Named "rate-limiter".
    let rateLimiter (bucket: TokenBucket) : Policy = Policy.RateLimiter bucket

    /// As rateLimiter, but waits up to maxWait for a token (see RateLimiter.guardWaiting). Named "rate-limiter".
    let rateLimiterWaiting (maxWait: TimeSpan) (bucket: TokenBucket) : Policy = Policy.RateLimiter(bucket, maxWait)

    /// Guards calls with the breaker of the key's partition (see Partitioned.circuitBreaker). Named after the breakers' options.
    let circuitBreakerPer (breakers: PartitionedCircuitBreaker<'K>) (key: 'K) : Policy = Policy.CircuitBreaker(breakers, key)

    /// Limits concurrent calls with the bulkhead of the key's partition (see Partitioned.bulkhead). Named after the bulkheads' options.
    let bulkheadPer (bulkheads: PartitionedBulkhead<'K>) (key: 'K) : Policy = Policy.Bulkhead(bulkheads, key)

    /// Rejects calls beyond the rate of the key's bucket (see Partitioned.rateLimit). Named after the buckets' options.
    let rateLimiterPer (buckets: PartitionedTokenBucket<'K>) (key: 'K) : Policy = Policy.RateLimiter(buckets, key)

    /// Hedges slow or failed calls with the options (see Hedging.hedge). Named "hedging".
    let hedging (options: HedgingOptions) : Policy = Policy.Hedging options

    /// At rate (in (0, 1]), fails with error without running the operation (see Chaos.injectFault). Named "chaos-fault".
    let chaosFault (controller: ChaosController) (rate: float) (error: ResilienceError) : Policy =
        Policy.Chaos(controller, ChaosFault(rate, error))

    /// At rate (in (0, 1]), waits latency on the controller's clock first (see Chaos.injectLatency). Named "chaos-latency".
    let chaosLatency (controller: ChaosController) (rate: float) (latency: TimeSpan) : Policy =
        Policy.Chaos(controller, ChaosLatency(rate, latency))

    /// The layers composed, the first outermost, so the list reads like the request's path; [] is the identity.
    /// Named "pipeline".
    let pipeline (layers: Policy list) : Policy = Policy.Pipeline(Array.ofList layers) :> Policy

    /// The standard pipeline with default settings: rate limiter → total timeout → retry → circuit breaker → attempt
    /// timeout. Each call creates its own bucket, breaker and retry budget: use one per downstream dependency. Its
    /// retry never retries an open circuit, so a call behind one fails at once.
    let standard () : Policy = Policy.Standard() :> Policy

    /// The standard pipeline with the options (validated now).
    let standardWith (options: StandardPipelineOptions) : Policy = Policy.Standard options :> Policy

    /// The same policy under another name (for telemetry and describe); the behaviour is the same.
    let named (name: string) (policy: Policy) : Policy = policy.Named name

    /// The policy's name.
    let name (policy: Policy) : string = policy.Name

    /// The policy as text: its name and settings; a pipeline lists its layers outermost first, one per line.
    let describe (policy: Policy) : string = policy.Describe()

    /// Protects the operation with the policy (the core's WithPolicy).
    let apply (policy: Policy) (operation: Operation<'T>) : Operation<'T> = operation.WithPolicy policy
