/// Every public static combinator, operation constructor and policy/stateful-object factory of the core must have an
/// F# counterpart. When a pattern merges, add its rows to `counterparts` (or, with a reason, to `excluded`).
module Resilience.Functional.FSharp.Tests.CoverageTests

open System
open System.Reflection
open System.Threading
open System.Threading.Tasks
open Xunit
open Resilience.Functional
open Resilience.Functional.FSharp
open Resilience.Functional.CircuitBreaking
open Resilience.Functional.Stores
open Resilience.Functional.Scheduling

/// C# member ("Type.Method", constructors as "Type.new") → F# functions ("Module.function") covering it.
let counterparts: Map<string, string list> =
    Map [
        // Foundation: constructors, running, combinators.
        "Op.Succeed", [ "Op.succeed" ]
        "Op.Fail", [ "Op.fail" ]
        "Op.Of", [ "Op.create" ]
        "Op.FromTask", [ "Op.ofTask"; "Op.ofAsync"; "Op.ofResultTask" ]
        "Op.FromValueTask", [ "Op.ofValueTask" ]
        "Op.FromFunc", [ "Op.ofFunc"; "Op.cancellationToken" ]
        "Op.Run", [ "Op.run"; "Op.runAsync"; "Op.runEither" ]
        "OpLinq.Map", [ "Op.map" ]
        "OpLinq.Bind", [ "Op.bind" ]
        "OpLinq.Where", [ "Op.filter" ]
        "OpLinq.MapError", [ "Op.mapError" ]
        "OpLinq.Recover", [ "Op.recover" ]
        "OpLinq.Tap", [ "Op.tap" ]
        "OpLinq.TapError", [ "Op.tapError" ]
        "OpLinq.Flatten", [ "Op.flatten"; "Op.flattenResult" ]
        "ErrorClassifier.Create", [ "Classifier.create" ]
        // Health.
        "HealthCheck.new", [ "Health.check" ]
        "HealthCheck.FromState", [ "Health.fromState" ]
        "HealthCheck.FromUsageRatio", [ "Health.fromUsageRatio" ]
        "HealthCheck.UsageResult", [ "Health.usageResult" ]
        "HealthCheck.GateResult", [ "Health.gateResult" ]
        "HealthResult.Healthy", [ "Health.healthy" ]
        "HealthResult.Degraded", [ "Health.degraded" ]
        "HealthResult.Unhealthy", [ "Health.unhealthy" ]
        "HealthRegistry.new", [ "Health.registry"; "Health.registryWith"; "Health.report" ]
        "HealthCheck.ForCircuitBreaker", [ "Health.forCircuitBreaker" ]
        "HealthCheck.ForCircuitBreakers", [ "Health.forCircuitBreakers" ]
        // Resilience.Functional.Http: the rest of its surface (pipelines, handler, registration) is in module Http too.
        "HttpOpExtensions.FromHttp", [ "Http.fromHttp" ]
        "HealthCheck.ForBulkhead", [ "Health.forBulkhead"; "Health.forBulkheadWith" ]
        "HealthCheck.ForConcurrencyLimiter", [ "Health.forConcurrencyLimiter"; "Health.forConcurrencyLimiterWith" ]
        "HealthCheck.ForSingleFlight", [ "Health.forSingleFlight" ]
        "HealthCheck.ForTokenBucket", [ "Health.forTokenBucket"; "Health.forTokenBucketWith" ]
        "HealthCheck.ForRetryBudget", [ "Health.forRetryBudget"; "Health.forRetryBudgetWith" ]
        "HealthCheck.ForBulkheads", [ "Health.forBulkheads"; "Health.forBulkheadsWith" ]
        "HealthCheck.ForTokenBuckets", [ "Health.forTokenBuckets"; "Health.forTokenBucketsWith" ]
        "HealthCheck.ForRetryBudgets", [ "Health.forRetryBudgets"; "Health.forRetryBudgetsWith" ]
        // Partitioned state: one object per key.
        "PartitionedCircuitBreaker.new", [ "Partitioned.circuitBreakers" ]
        "PartitionedBulkhead.new", [ "Partitioned.bulkheads" ]
        "PartitionedTokenBucket.new", [ "Partitioned.tokenBuckets" ]
        "PartitionedRetryBudget.new", [ "Partitioned.retryBudgets" ]
        "PartitionedExtensions.WithCircuitBreaker", [ "Partitioned.circuitBreaker"; "Policy.circuitBreakerPer" ]
        "PartitionedExtensions.WithBulkhead", [ "Partitioned.bulkhead"; "Policy.bulkheadPer" ]
        "PartitionedExtensions.WithRateLimiter", [ "Partitioned.rateLimit"; "Partitioned.rateLimitWaiting"; "Policy.rateLimiterPer" ]
        "PartitionedExtensions.WithRetry", [ "Partitioned.retry"; "Partitioned.budgetFor" ]
        // Idempotency.
        "IdempotencyExtensions.WithIdempotency", [ "Idempotency.guard"; "Idempotency.guardRequest" ]
        "IdempotencyGuard.new", [ "Idempotency.policy"; "Idempotency.policyWith" ]
        "InMemoryIdempotencyStore.new", [ "Idempotency.inMemoryStore"; "Idempotency.inMemoryStoreWith" ]
        // Backoff schedules (the modifiers are instance methods; Backoff pipes them too).
        "Backoff.Constant", [ "Backoff.constant" ]
        "Backoff.Linear", [ "Backoff.linear" ]
        "Backoff.Exponential", [ "Backoff.exponential"; "Backoff.exponentialBy" ]
        "Backoff.Fibonacci", [ "Backoff.fibonacci" ]
        "Backoff.DecorrelatedJitter", [ "Backoff.decorrelatedJitter" ]
        "Backoff.FromFunction", [ "Backoff.ofFunction" ]
        "Backoff.FromLanguageExt", [ "Backoff.ofLanguageExt" ]
        "BackoffDecision.Retry", [ "Backoff.retryDecision" ]
        "BackoffDecision.Stop", [ "Backoff.stopDecision" ]
        // Retry.
        "RetryExtensions.WithRetry", [ "Retry.withBackoff"; "Retry.withOptions"; "Retry.onValue" ]
        "TokenRatioRetryBudget.new", [ "Retry.tokenRatioBudget" ]
        "PercentRetryBudget.new", [ "Retry.percentBudget" ]
        // Circuit breaker: the breaker, its settings' building blocks and its pure machine.
        "CircuitBreaker.new", [ "CircuitBreaker.create" ]
        "CircuitBreakerExtensions.WithCircuitBreaker", [ "CircuitBreaker.guard" ]
        "BreakDuration.Fixed", [ "CircuitBreaker.fixedBreak" ]
        "BreakDuration.Exponential", [ "CircuitBreaker.exponentialBreak" ]
        "BreakDuration.Of", [ "CircuitBreaker.breakBy" ]
        "BreakDuration.FromBackoff", [ "CircuitBreaker.breakFromBackoff"; "CircuitBreaker.breakFromBackoffWith" ]
        "SlidingWindow.ByCount", [ "CircuitBreaker.windowByCount" ]
        "SlidingWindow.ByTime", [ "CircuitBreaker.windowByTime" ]
        "BreakerMachineState.Initial", [ "CircuitBreaker.initialState" ]
        "CircuitBreakerMachine.Step", [ "CircuitBreaker.step" ]
        "BreakerInput.Outcome", [ "CircuitBreaker.outcomeEvent" ]
        // Timeout, bulkhead, rate limiting (core token bucket and the System.Threading.RateLimiting adapter).
        "TimeoutExtensions.WithTimeout", [ "Timeout.after"; "Timeout.withOptions" ]
        "Bulkhead.new", [ "Bulkhead.create" ]
        "BulkheadExtensions.WithBulkhead", [ "Bulkhead.guard" ]
        "AdaptiveConcurrencyLimiter.new", [ "ConcurrencyLimit.create" ]
        "ConcurrencyLimitExtensions.WithConcurrencyLimit", [ "ConcurrencyLimit.guard" ]
        "TokenBucket.new", [ "RateLimiter.tokenBucket" ]
        "RateLimiterExtensions.WithRateLimiter", [ "RateLimiter.guard"; "RateLimiter.guardWaiting" ]
        "RateLimiterAdapterExtensions.WithRateLimiter", [ "RateLimiter.guardWith" ]
        // Fallback and last known good.
        "FallbackExtensions.WithFallback", [ "Fallback.toValue"; "Fallback.toOperation"; "Fallback.onError"; "Fallback.withOptions" ]
        "FallbackExtensions.WithFallbackTagged", [ "Fallback.toOperationTagged"; "Fallback.withOptionsTagged" ]
        "LastKnownGoodCache.new", [ "Fallback.lastKnownGoodCache" ]
        "LastKnownGoodExtensions.WithLastKnownGood", [ "Fallback.lastKnownGood" ]
        "LastKnownGoodExtensions.WithLastKnownGoodTagged", [ "Fallback.lastKnownGoodTagged" ]
        "Served.Primary", [ "Fallback.servedPrimary" ]
        "Served.Fallback", [ "Fallback.servedFallback" ]
        "Served.Stale", [ "Fallback.servedStale" ]
        // Hedging and chaos.
        "HedgingExtensions.WithHedging", [ "Hedging.hedge"; "Hedging.after" ]
        "ChaosController.new", [ "Chaos.controller" ]
        "ChaosExtensions.WithChaos", [ "Chaos.injectFault"; "Chaos.injectLatency"; "Chaos.injectResult" ]
        // Single-flight (keyed and typed: no Policy form).
        "SingleFlightExtensions.WithSingleFlight", [ "SingleFlight.share" ]
        // Policies: reusable layers for operations of any type, composed into pipelines.
        "Policy.Retry", [ "Policy.retry" ]
        "Policy.CircuitBreaker", [ "Policy.circuitBreaker" ]
        "Policy.Timeout", [ "Policy.timeout" ]
        "Policy.Bulkhead", [ "Policy.bulkhead" ]
        "Policy.ConcurrencyLimit", [ "Policy.concurrencyLimit" ]
        "Policy.RateLimiter", [ "Policy.rateLimiter"; "Policy.rateLimiterWaiting" ]
        "Policy.Hedging", [ "Policy.hedging" ]
        "Policy.Chaos", [ "Policy.chaosFault"; "Policy.chaosLatency" ]
        "Policy.Pipeline", [ "Policy.pipeline" ]
        "Policy.Standard", [ "Policy.standard"; "Policy.standardWith" ]
        "PolicyExtensions.WithPolicy", [ "Policy.apply" ]
    ]

/// Core members that deliberately have no F# function, and why.
let excluded: Map<string, string> =
    Map [
        // LINQ query plumbing: F# code uses resilient { } (Bind/BindReturn) or Op.map/Op.bind instead.
        "OpLinq.Select", "LINQ plumbing, covered by Op.map and the computation expression"
        "OpLinq.SelectMany", "LINQ plumbing, covered by Op.bind and the computation expression"
        // For implementers of IIdempotencyStore (e.g. a Redis store), not for composing operations.
        "IdempotencyBegin.Started", "store implementer API"
        "IdempotencyBegin.InFlight", "store implementer API"
        "IdempotencyBegin.Completed", "store implementer API"
        // The circuit machine's output: Step builds decisions, callers only read them (CircuitBreaker.step, .apply).
        "BreakerDecision.Admit", "machine output, built by CircuitBreakerMachine.Step"
        "BreakerDecision.Reject", "machine output, built by CircuitBreakerMachine.Step"
    ]

let private isOperation (t: Type) =
    t.IsGenericType
    && t.GetGenericTypeDefinition() = typedefof<Func<_, _>>
    && t.GetGenericArguments().[0] = typeof<CancellationToken>
    && (let r = t.GetGenericArguments().[1]
        r.IsGenericType
        && r.GetGenericTypeDefinition() = typedefof<ValueTask<_>>
        && (let e = r.GetGenericArguments().[0]
            e.IsGenericType && e.GetGenericTypeDefinition() = typedefof<LanguageExt.Either<_, _>>))

let private core = typeof<Resilience.Functional.Op>.Assembly

// The core and the adapter packages whose combinators the F# package wraps.
let private scanned = [ core; typeof<RateLimiterAdapterExtensions>.Assembly; typeof<HttpPipeline>.Assembly ]

// A generic type's name without its arity suffix (LastKnownGoodCache`2 → LastKnownGoodCache).
let private plainName (t: Type) =
    match t.Name.IndexOf '`' with
    | -1 -> t.Name
    | i -> t.Name.Substring(0, i)

// Classes and structs (a backoff value may be either), not enums or errors: factories of policies and settings.
let private isCoreObject (t: Type) =
    t.Assembly = core
    && (t.IsClass || (t.IsValueType && not t.IsEnum))
    && not (typeof<ResilienceError>.IsAssignableFrom t)

// Classes holding shared state or configuration that users build once; their constructors are factories too.
let private statefulSuffixes =
    [ "Policy"; "Guard"; "Store"; "Registry"; "Breaker"; "Bulkhead"; "Limiter"; "Budget"; "Pipeline"; "Bucket"; "Cache"; "Controller" ]

/// Every core member the F# package must cover: static methods that return an operation, take one first (extension),
/// or build a core object; and public constructors of policies, stores and other stateful objects (and HealthCheck,
/// whose constructor is the way to make a check).
let coreMembers () : Set<string> =
    // C# 14 extension blocks (Op.FromHttp) also emit compiler-named marker types (<G>$…); their members are the
    // static methods of the declaring class, which are scanned.
    let types =
        scanned
        |> Seq.collect (fun a -> a.GetExportedTypes())
        |> Seq.filter (fun t -> not (t.Name.StartsWith "<"))
        |> Array.ofSeq
    let statics =
        types
        |> Seq.collect (fun t -> t.GetMethods(BindingFlags.Public ||| BindingFlags.Static ||| BindingFlags.DeclaredOnly))
        |> Seq.filter (fun m -> not m.IsSpecialName)
        |> Seq.filter (fun m ->
            isOperation m.ReturnType
            || (m.GetParameters().Length > 0 && isOperation (m.GetParameters().[0].ParameterType))
            || isCoreObject m.ReturnType)
        |> Seq.map (fun m -> sprintf "%s.%s" (plainName m.DeclaringType) m.Name)
    let constructors =
        types
        |> Seq.filter (fun t ->
            t.IsClass && not t.IsAbstract
            && (statefulSuffixes |> List.exists (plainName t).EndsWith || t = typeof<HealthCheck>)
            && not (Seq.isEmpty (t.GetConstructors())))
        |> Seq.map (fun t -> plainName t + ".new")
    Set.ofSeq (Seq.append statics constructors)

let private fsharpAssembly = typeof<ResilientBuilder>.Assembly

/// True when the F# package has a public module function or value Module.name.
let fsharpHas (qualified: string) =
    match qualified.Split '.' with
    | [| moduleName; name |] ->
        fsharpAssembly.GetExportedTypes()
        |> Array.filter (fun t -> t.Name = moduleName || t.Name = moduleName + "Module")
        |> Array.exists (fun t ->
            t.GetMethods(BindingFlags.Public ||| BindingFlags.Static) |> Array.exists (fun m -> m.Name = name)
            || not (isNull (t.GetProperty(name, BindingFlags.Public ||| BindingFlags.Static))))
    | _ -> false

[<Fact>]
let ``every core combinator and factory has an F# counterpart or a stated exclusion`` () =
    let discovered = coreMembers ()
    Assert.True(discovered.Count >= 25, sprintf "suspiciously few core members found: %A" discovered)
    let missing =
        discovered
        |> Set.filter (fun m -> not (counterparts.ContainsKey m || excluded.ContainsKey m))
    Assert.True(missing.IsEmpty, "core members without an F# counterpart: " + String.Join(", ", missing))

[<Fact>]
let ``every row of the table names a core member that exists`` () =
    let discovered = coreMembers ()
    let stale =
        Seq.append counterparts.Keys excluded.Keys
        |> Seq.filter (fun k -> not (discovered.Contains k))
        |> List.ofSeq
    Assert.True(stale.IsEmpty, "table rows naming no core member: " + String.Join(", ", stale))

[<Fact>]
let ``every F# function named in the table exists in the package`` () =
    let absent =
        counterparts
        |> Seq.collect (fun kv -> kv.Value)
        |> Seq.filter (fun f -> not (fsharpHas f))
        |> List.ofSeq
    Assert.True(absent.IsEmpty, sprintf "F# functions named in the table but not found: %A" absent)
    Assert.False(fsharpHas "Op.noSuchFunction")
