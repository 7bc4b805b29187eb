module Resilience.Functional.FSharp.Tests.SingleFlightTests

open System
open System.Threading
open System.Threading.Tasks
open Microsoft.Extensions.Time.Testing
open Xunit
open Resilience.Functional
open Resilience.Functional.FSharp
open Resilience.Functional.FSharp.Tests.Helpers

let private bound = TimeSpan.FromSeconds 10.

[<Fact>]
let ``concurrent runs with one key share one execution and its value`` () =
    let flights = SingleFlight.create<string, int> ()
    let gate = TaskCompletionSource<LanguageExt.Either<ResilienceError, int>>()
    let mutable runs = 0
    let held: Operation<int> = Op.create (fun _ -> runs <- runs + 1; ValueTask<LanguageExt.Either<ResilienceError, int>>(gate.Task))
    let shared = held |> SingleFlight.share flights "k"
    let first = shared.Invoke(CancellationToken.None).AsTask()
    let second = shared.Invoke(CancellationToken.None).AsTask()
    Assert.Equal(1, SingleFlight.inFlight flights)
    gate.SetResult(LanguageExt.Either<ResilienceError, int>.Right 42)
    Assert.Equal(42, (first.WaitAsync bound).Result.Case :?> int)
    Assert.Equal(42, (second.WaitAsync bound).Result.Case :?> int)
    Assert.Equal(1, runs)
    Assert.Equal(0, SingleFlight.inFlight flights)

[<Fact>]
let ``a success is reused for ReuseFor when asked, and keys are compared with the comparer`` () =
    let time = FakeTimeProvider()
    let options = SingleFlightOptions(ReuseFor = TimeSpan.FromSeconds 1., TimeProvider = time)
    let flights = SingleFlight.createWithComparer<string, int> options StringComparer.OrdinalIgnoreCase
    let mutable runs = 0
    let load key = Op.ofFunc (fun _ -> runs <- runs + 1; runs) |> SingleFlight.share flights key
    Assert.Equal(Ok 1, runSync (load "Key"))
    Assert.Equal(Ok 1, runSync (load "KEY"))
    time.Advance(TimeSpan.FromSeconds 1.)
    Assert.Equal(Ok 2, runSync (load "key"))
    Assert.Equal(Ok 3, runSync (Op.ofFunc (fun _ -> runs <- runs + 1; runs) |> SingleFlight.share (SingleFlight.createWith<string, int> SingleFlightOptions.Default) "k"))
