module Resilience.Functional.FSharp.Tests.PartitionedTests

open System
open Microsoft.Extensions.Time.Testing
open Xunit
open Resilience.Functional
open Resilience.Functional.FSharp
open Resilience.Functional.FSharp.Tests.Helpers

let private partitionsOn (clock: FakeTimeProvider) max =
    PartitionOptions(MaxPartitions = max, TimeProvider = clock)

[<Fact>]
let ``one key's failures open only its own breaker and an open breaker outlives eviction pressure`` () =
    let clock = FakeTimeProvider()
    let breakers: PartitionedCircuitBreaker<string> =
        CircuitBreakerOptions(ConsecutiveFailures = Nullable 1, TimeProvider = clock)
        |> Partitioned.circuitBreakers (partitionsOn clock 2)
    let failing = Op.fail<int> (HttpStatusError 503)
    runSync (failing |> Partitioned.circuitBreaker breakers "a") |> ignore
    for i in 0..20 do
        Assert.Equal(Ok i, runSync (Op.succeed i |> Partitioned.circuitBreaker breakers $"k{i}"))
    match runSync (Op.succeed 1 |> Partitioned.circuitBreaker breakers "a") with
    | Error (:? CircuitOpenError) -> ()
    | other -> failwithf "expected an open circuit, got %A" other
    Assert.Equal(2, Partitioned.count breakers.Partitions)
    Assert.Equal(Some CircuitState.Open, Partitioned.find "a" breakers.Partitions |> Option.map (fun b -> b.State))
    let health = runSync (Health.runCheck clock (Health.forPartitionedCircuitBreakers "api" breakers))
    match health with
    | Ok entry -> Assert.Equal(HealthState.Degraded, entry.State)
    | Error e -> failwith e.Message

[<Fact>]
let ``bulkheads, buckets and budgets are per key and pipe operation-last`` () =
    let clock = FakeTimeProvider()
    let buckets: PartitionedTokenBucket<string> =
        TokenBucketOptions(TokensPerPeriod = 1, Period = TimeSpan.FromSeconds 1.0, Burst = 1, TimeProvider = clock)
        |> Partitioned.tokenBuckets (partitionsOn clock 10)
    let bulkheads: PartitionedBulkhead<string> =
        BulkheadOptions(MaxConcurrency = 1, TimeProvider = clock) |> Partitioned.bulkheads (partitionsOn clock 10)
    let budgets: PartitionedRetryBudget<string> =
        Partitioned.retryBudgets (partitionsOn clock 10) (fun _ -> TokenRatioRetryBudget(10.0, 0.1) :> RetryBudget)
    let call key =
        Op.succeed key
        |> Partitioned.retry (RetryOptions(TimeProvider = clock)) budgets key
        |> Partitioned.bulkhead bulkheads key
        |> Partitioned.rateLimit buckets key
    Assert.Equal(Ok "a", runSync (call "a"))
    Assert.Equal(Ok "b", runSync (call "b"))
    match runSync (call "a") with
    | Error (:? RateLimitedError) -> ()
    | other -> failwithf "expected a rate limit, got %A" other
    Assert.Equal<string list>([ "a"; "b" ], Partitioned.snapshot bulkheads.Partitions |> List.map fst |> List.sort)
    Assert.False((Partitioned.budgetFor "a" budgets).IsExhausted)
    Assert.Equal("bulkhead", (Policy.bulkheadPer bulkheads "a").Name)
