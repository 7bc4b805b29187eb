module Resilience.Functional.FSharp.Tests.HealthTests

open System
open System.Threading
open System.Threading.Tasks
open Microsoft.Extensions.Time.Testing
open Xunit
open Resilience.Functional
open Resilience.Functional.FSharp
open Resilience.Functional.FSharp.Tests.Helpers

let reportOf (registry: HealthRegistry) =
    match runSync (Health.report registry) with
    | Ok report -> report
    | Error e -> failwithf "report failed: %s" e.Message

[<Fact>]
let ``a registry of checks reports the combined state and renders health+json`` () =
    let report =
        [ Health.check "db" (Op.succeed (Health.healthy "up"))
          Health.fromState "cache" (fun () -> Health.degraded "slow") ]
        |> Health.registryWith (FakeTimeProvider())
        |> reportOf
    Assert.Equal(HealthState.Degraded, report.State)
    Assert.Equal<string list>([ "db"; "cache" ], report.Entries |> Seq.map (fun e -> e.Name) |> List.ofSeq)
    Assert.Contains("\"status\":\"warn\"", (Health.toJson report).Replace(" ", ""))
    Assert.Equal("warn", Health.statusText report.State)
    Assert.Equal(200, Health.httpStatusCode report.State)
    Assert.Equal(503, Health.httpStatusCode HealthState.Unhealthy)

[<Fact>]
let ``a failing check reports its failure state`` () =
    let check =
        Health.check "queue" (Op.fail (LanguageExt.Common.Error.New "down"))
        |> Health.withFailureState HealthState.Degraded
    let entry = runSync (Health.runCheck (FakeTimeProvider()) check)
    match entry with
    | Ok e ->
        Assert.Equal(HealthState.Degraded, e.State)
        Assert.True e.Error.IsSome
    | Error e -> failwith e.Message

[<Fact>]
let ``withTimeout, withFailureState and withTags keep every other setting`` () =
    let original =
        HealthCheck("api", Op.succeed (Health.healthy "ok"), Measurement = "latency")
        |> Health.withTags [ "live" ]
    let changed =
        original
        |> Health.withTimeout (TimeSpan.FromSeconds 2.)
        |> Health.withFailureState HealthState.Degraded
        |> Health.withTags [ "ready" ]
    Assert.Equal("api", changed.Name)
    Assert.Same(original.Check, changed.Check)
    Assert.Equal(Some "latency", Option.ofObj changed.Measurement)
    Assert.Equal(TimeSpan.FromSeconds 2., changed.Timeout)
    Assert.Equal(HealthState.Degraded, changed.FailureState)
    Assert.Equal<string list>([ "live"; "ready" ], changed.Tags |> Seq.sort |> List.ofSeq)

[<Fact>]
let ``a hanging check times out on the injected clock`` () =
    Task.Run(fun () ->
        let time = FakeTimeProvider()
        let never = TaskCompletionSource<HealthResult>()
        let check = Health.check "hanging" (Op.ofTask (fun _ -> never.Task)) |> Health.withTimeout (TimeSpan.FromSeconds 5.)
        let pending = Op.run CancellationToken.None (Health.runCheck time check)
        time.Advance(TimeSpan.FromSeconds 4.)
        Assert.False pending.IsCompleted
        time.Advance(TimeSpan.FromSeconds 1.)
        Assert.True(pending.Wait safety)
        match pending.Result with
        | Ok entry ->
            Assert.Equal(HealthState.Unhealthy, entry.State)
            Assert.Equal(TimeSpan.FromSeconds 5., entry.Duration)
        | Error e -> failwith e.Message)

[<Fact>]
let ``add, withTag and filter select checks`` () =
    let registry =
        Health.registryWith (FakeTimeProvider()) []
        |> Health.add (Health.fromState "a" (fun () -> Health.healthy "a") |> Health.withTags [ "live" ])
        |> Health.add (Health.fromState "b" (fun () -> Health.unhealthy "b"))
    Assert.Equal(HealthState.Degraded, (reportOf registry).State)
    Assert.Equal(HealthState.Healthy, (reportOf (Health.withTag "live" registry)).State)
    Assert.Equal(HealthState.Unhealthy, (reportOf (Health.filter (fun c -> c.Name = "b") registry)).State)
    Assert.Single((Health.registry []).Add(Health.fromState "x" (fun () -> Health.healthy "x")).Checks) |> ignore

[<Fact>]
let ``state-derived checks and results follow the thresholds`` () =
    let thresholds = HealthThresholds(0.5, 0.9)
    Assert.Equal(HealthState.Degraded, (Health.usageResult thresholds 0.6).State)
    Assert.Equal(HealthState.Unhealthy, (Health.gateResult false false "open").State)
    Assert.Equal(HealthState.Degraded, (Health.gateResult false true "half-open").State)
    let check = Health.fromUsageRatio "pool" thresholds (fun () -> 0.95)
    Assert.Equal(HealthState.Unhealthy, (reportOf (Health.registryWith (FakeTimeProvider()) [ check ])).State)
    Assert.Equal(HealthState.Degraded, Health.combine [ HealthState.Healthy; HealthState.Unhealthy ])

let private stateOf (check: HealthCheck) =
    match runSync (Health.runCheck (FakeTimeProvider()) check) with
    | Ok entry -> entry.State
    | Error e -> failwith e.Message

[<Fact>]
let ``forCircuitBreaker follows the circuit: closed healthy, isolated unhealthy`` () =
    let breaker = CircuitBreaker.create (CircuitBreakerOptions(TimeProvider = FakeTimeProvider()))
    let check = Health.forCircuitBreaker "payments" breaker
    Assert.Equal("circuit", check.Measurement)
    Assert.Equal(HealthState.Healthy, stateOf check)
    CircuitBreaker.isolate breaker
    Assert.Equal(HealthState.Unhealthy, stateOf check)

[<Fact>]
let ``forBulkhead and forBulkheadWith report the slots in use`` () =
    let bulkhead = Bulkhead.create (BulkheadOptions(MaxConcurrency = 2))
    let check = Health.forBulkhead "pool" bulkhead
    let custom = Health.forBulkheadWith "pool" (HealthThresholds(0.5, 1.0)) bulkhead
    Assert.Equal("utilization", check.Measurement)
    Assert.Equal(HealthState.Healthy, stateOf custom)
    let held = TaskCompletionSource<int>()
    let pending = Op.ofTask (fun _ -> held.Task) |> Bulkhead.guard bulkhead |> Op.run CancellationToken.None
    Assert.Equal(HealthState.Healthy, stateOf check)
    Assert.Equal(HealthState.Degraded, stateOf custom)
    held.SetResult 1
    Assert.True(pending.Wait safety)

[<Fact>]
let ``forConcurrencyLimiter and forConcurrencyLimiterWith report the slots in use under the limit`` () =
    let limiter = ConcurrencyLimit.create (AdaptiveConcurrencyOptions(InitialLimit = 2, MaxLimit = 2))
    let check = Health.forConcurrencyLimiter "api" limiter
    let custom = Health.forConcurrencyLimiterWith "api" (HealthThresholds(0.5, 1.0)) limiter
    Assert.Equal("utilization", check.Measurement)
    Assert.Equal(HealthState.Healthy, stateOf custom)
    let held = TaskCompletionSource<int>()
    let pending = Op.ofTask (fun _ -> held.Task) |> ConcurrencyLimit.guard limiter |> Op.run CancellationToken.None
    Assert.Equal(HealthState.Healthy, stateOf check)
    Assert.Equal(HealthState.Degraded, stateOf custom)
    held.SetResult 1
    Assert.True(pending.Wait safety)

[<Fact>]
let ``forTokenBucket and forTokenBucketWith report the tokens taken`` () =
    let bucket =
        RateLimiter.tokenBucket (TokenBucketOptions(TokensPerPeriod = 1, Period = TimeSpan.FromSeconds 1., Burst = 2, TimeProvider = FakeTimeProvider()))
    let check = Health.forTokenBucket "api" bucket
    let custom = Health.forTokenBucketWith "api" (HealthThresholds(0.5, 1.0)) bucket
    Assert.Equal(HealthState.Healthy, stateOf custom)
    Assert.Equal(Ok(), RateLimiter.tryAcquire bucket)
    Assert.Equal(HealthState.Healthy, stateOf check)
    Assert.Equal(HealthState.Degraded, stateOf custom)
    Assert.Equal(Ok(), RateLimiter.tryAcquire bucket)
    Assert.Equal(HealthState.Unhealthy, stateOf check)

[<Fact>]
let ``forRetryBudget and forRetryBudgetWith report the budget's exhaustion`` () =
    let mutable exhaustion = 0.6
    let budget =
        { new RetryBudget() with
            member _.Deposit() = ()
            member _.TryWithdraw() = exhaustion < 1.
            member _.IsExhausted = exhaustion >= 1.
            member _.Exhaustion = exhaustion }
    let check = Health.forRetryBudget "retries" budget
    let custom = Health.forRetryBudgetWith "retries" (HealthThresholds(0.5, 1.0)) budget
    Assert.Equal(HealthState.Healthy, stateOf check)
    Assert.Equal(HealthState.Degraded, stateOf custom)
    exhaustion <- 1.
    Assert.Equal(HealthState.Unhealthy, stateOf check)
    Assert.Equal(HealthState.Unhealthy, stateOf custom)
