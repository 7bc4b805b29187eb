module Resilience.Functional.FSharp.Tests.IdempotencyTests

open System
open Microsoft.Extensions.Time.Testing
open Xunit
open Resilience.Functional
open Resilience.Functional.FSharp
open Resilience.Functional.FSharp.Tests.Helpers

[<Fact>]
let ``a key runs the effect once and replays the result`` () =
    let mutable charges = 0
    let charge = Op.ofFunc (fun _ -> charges <- charges + 1; 100)
    let policy = Idempotency.inMemoryStore 100 |> Idempotency.policy
    let once = charge |> Idempotency.guard policy "order-1"
    match runSync once, runSync once with
    | Ok first, Ok second ->
        Assert.False first.IsReplay
        Assert.True second.IsReplay
        Assert.Equal(100, second.Value)
    | other -> failwithf "%A" other
    Assert.Equal(1, charges)
    Assert.Equal(Ok 100, runSync (Idempotency.value once))

[<Fact>]
let ``the same key with another fingerprint is an error`` () =
    let policy = Idempotency.inMemoryStore 10 |> Idempotency.policy
    runSync (Op.succeed 1 |> Idempotency.guardRequest policy "k" "body-a") |> ignore
    let error = errorOf (runSync (Op.succeed 1 |> Idempotency.guardRequest policy "k" "body-b"))
    Assert.IsType<IdempotencyFingerprintMismatchError>(error) |> ignore

[<Fact>]
let ``a stored result expires after the TTL on the injected clock`` () =
    let time = FakeTimeProvider()
    let mutable runs = 0
    let options = IdempotencyOptions(TimeToLive = TimeSpan.FromMinutes 1.)
    let policy = Idempotency.inMemoryStoreWith time 10 |> Idempotency.policyWith options
    let op = Op.ofFunc (fun _ -> runs <- runs + 1; runs) |> Idempotency.guard policy "k" |> Idempotency.value
    Assert.Equal(Ok 1, runSync op)
    time.Advance(TimeSpan.FromSeconds 59.)
    Assert.Equal(Ok 1, runSync op)
    time.Advance(TimeSpan.FromSeconds 2.)
    Assert.Equal(Ok 2, runSync op)

[<Fact>]
let ``validateKey reports invalid keys`` () =
    Assert.True((Idempotency.validateKey "").IsSome)
    Assert.Equal(None, Idempotency.validateKey "fine")
