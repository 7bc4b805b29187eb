module Resilience.Functional.FSharp.Tests.ResilientTests

open System
open System.Threading
open System.Threading.Tasks
open Xunit
open Resilience.Functional
open Resilience.Functional.FSharp
open Resilience.Functional.FSharp.Tests.Helpers

let boom = LanguageExt.Common.Error.New "boom"

[<Fact>]
let ``a block does nothing until run and runs again on every run`` () =
    let mutable calls = 0
    let op = resilient {
        calls <- calls + 1
        let! x = Op.succeed 1
        return x + calls }
    Assert.Equal(0, calls)
    Assert.Equal(Ok 2, runSync op)
    Assert.Equal(Ok 3, runSync op)

[<Fact>]
let ``let! stops at the first error`` () =
    let mutable reached = false
    let op = resilient {
        let! _ = Op.fail<int> boom
        reached <- true
        return 1 }
    Assert.Same(boom, errorOf (runSync op))
    Assert.False reached

[<Fact>]
let ``and! starts both sides before awaiting either`` () =
    let leftGate = TaskCompletionSource<int>()
    let mutable rightStarted = false
    let left = Op.ofTask (fun _ -> leftGate.Task)
    let right = Op.ofFunc (fun _ -> rightStarted <- true; "r")
    let op = resilient {
        let! a = left
        and! b = right
        return (a, b) }
    let pending = Op.run CancellationToken.None op
    Assert.True rightStarted
    Assert.False pending.IsCompleted
    leftGate.SetResult 1
    Assert.True(pending.Wait safety)
    Assert.Equal(Ok(1, "r"), pending.Result)

[<Fact>]
let ``and! returns the left error when both sides fail`` () =
    let other = LanguageExt.Common.Error.New "other"
    let op = resilient {
        let! a = Op.fail<int> boom
        and! b = Op.fail<int> other
        and! c = Op.succeed 3
        return a + b + c }
    Assert.Same(boom, errorOf (runSync op))
    let right = resilient {
        let! a = Op.succeed 1
        and! b = Op.fail<int> other
        return a + b }
    Assert.Same(other, errorOf (runSync right))

[<Fact>]
let ``an exception thrown in the block becomes the error`` () =
    let op = resilient {
        let! x = Op.succeed 1
        if x = 1 then invalidOp "thrown"
        return x }
    let error = errorOf (runSync op)
    Assert.True error.IsExceptional
    Assert.IsType<InvalidOperationException>(error.ToException()) |> ignore

[<Fact>]
let ``try/with hands an exception to the handler`` () =
    let op = resilient {
        try
            let! _ = Op.ofFunc (fun _ -> invalidOp "thrown" : int)
            return "no"
        with :? InvalidOperationException as ex ->
            return ex.Message }
    Assert.Equal(Ok "thrown", runSync op)

[<Fact>]
let ``try/with hands a non-exception error as ResilienceFailure`` () =
    let timeout = TimeoutError(TimeSpan.FromSeconds 1.)
    let op = resilient {
        try
            return! Op.fail<string> timeout
        with ResilienceFailure(:? TimeoutError as t) ->
            return sprintf "timed out after %O" t.Timeout }
    Assert.Equal(Ok "timed out after 00:00:01", runSync op)

[<Fact>]
let ``an unmatched error leaves try/with as the same error`` () =
    let timeout = TimeoutError(TimeSpan.FromSeconds 1.)
    let op = resilient {
        try
            return! Op.fail<int> timeout
        with :? ArgumentException ->
            return 0 }
    Assert.Same(timeout, errorOf (runSync op))

[<Fact>]
let ``raising ResilienceFailure in a handler fails with its error`` () =
    let op = resilient {
        try
            return invalidOp "x"
        with _ ->
            return raise (ResilienceFailure boom) }
    Assert.Same(boom, errorOf (runSync op))

[<Fact>]
let ``try/with never handles the caller's cancellation`` () =
    let mutable handled = false
    let op = resilient {
        try
            return! Op.fail<int> CancelledError.Instance
        with _ ->
            handled <- true
            return 0 }
    Assert.True(Op.isCancellation (errorOf (runSync op)))
    Assert.False handled

[<Fact>]
let ``use disposes when the rest of the block completes, also asynchronously and on error`` () =
    let probe = new Probe()
    let gate = TaskCompletionSource<int>()
    let op = resilient {
        use _ = probe
        let! v = Op.ofTask (fun _ -> gate.Task)
        return v }
    let pending = Op.run CancellationToken.None op
    Assert.Equal(0, probe.Disposed)
    gate.SetResult 5
    Assert.True(pending.Wait safety)
    Assert.Equal(Ok 5, pending.Result)
    Assert.Equal(1, probe.Disposed)
    let failing = resilient {
        use _ = probe
        return! Op.fail<int> boom }
    Assert.Same(boom, errorOf (runSync failing))
    Assert.Equal(2, probe.Disposed)

[<Fact>]
let ``try/finally runs the compensation, whose exception replaces the outcome`` () =
    let mutable ran = 0
    let op = resilient {
        try
            return! Op.fail<int> boom
        finally
            ran <- ran + 1 }
    Assert.Same(boom, errorOf (runSync op))
    Assert.Equal(1, ran)
    let throwing = resilient {
        try
            return 1
        finally
            invalidOp "cleanup" }
    Assert.Equal("cleanup", (errorOf (runSync throwing)).Message)

[<Fact>]
let ``let!, do! and return! accept Async, Task and Result`` () =
    let mutable effect = 0
    let op = resilient {
        let! a = async { return 1 }
        let! b = Task.FromResult 2
        let! c = Ok 3
        do! Task.Run(fun () -> effect <- 10)
        do! async { effect <- effect + 1 }
        return! Ok(a + b + c + effect) }
    Assert.Equal(Ok 17, runSync op)
    let failed = resilient {
        let! x = Result<int, ResilienceError>.Error boom
        return x }
    Assert.Same(boom, errorOf (runSync failed))

[<Fact>]
let ``for and while loops run their body in order`` () =
    let seen = Collections.Generic.List<int>()
    let op = resilient {
        for i in [ 1; 2; 3 ] do
            let! v = Op.succeed (i * 10)
            seen.Add v
        let mutable n = 0
        while n < 2 do
            do! Op.ofAction (fun _ -> seen.Add -1)
            n <- n + 1
        return seen.Count }
    Assert.Equal(Ok 5, runSync op)
    Assert.Equal<int list>([ 10; 20; 30; -1; -1 ], List.ofSeq seen)

[<Fact>]
let ``a loop stops at the first error`` () =
    let mutable count = 0
    let op = resilient {
        for i in 1..10 do
            count <- count + 1
            if i = 3 then return! Op.fail boom }
    Assert.Same(boom, errorOf (runSync op))
    Assert.Equal(3, count)

[<Fact>]
let ``Op.cancellationToken gives the block the caller's token`` () =
    use cts = new CancellationTokenSource()
    let op = resilient {
        let! ct = Op.cancellationToken
        return ct = cts.Token }
    Assert.Equal(Ok true, runWith cts.Token op)

[<Fact>]
let ``statements are UnitOperation: Op.unit, ofAction, ofUnitTask, ofUnitAsync, ignore and return ()`` () =
    let seen = Collections.Generic.List<string>()
    let op = resilient {
        do! Op.unit
        do! Op.ofAction (fun _ -> seen.Add "action")
        do! Op.ofUnitTask (fun _ -> Task.Run(fun () -> ()))
        do! Op.ofUnitAsync (async { seen.Add "async" })
        do! Op.succeed 5 |> Op.ignore
        do! task { seen.Add "task" }
        do! Ok()
        return () }
    Assert.Equal(Ok LanguageExt.Unit.Default, runSync op)
    Assert.Equal<string list>([ "action"; "async"; "task" ], List.ofSeq seen)
    Assert.Equal("a", (errorOf (runSync (Op.ofAction (fun _ -> failwith "a")))).Message)
    Assert.Same(boom, errorOf (runSync (resilient { do! Result<unit, ResilienceError>.Error boom })))

[<Fact>]
let ``a long synchronous loop does not overflow the stack`` () =
    let mutable total = 0
    let op = resilient {
        for i in 1..100_000 do
            do! Op.ofAction (fun _ -> total <- total + 1)
        return total }
    Assert.Equal(Ok 100_000, runSync op)

[<Fact>]
let ``a loop whose body completes asynchronously runs every step in order and stops at an error`` () =
    let seen = Collections.Generic.List<int>()
    let step i =
        Op.ofUnitTask (fun _ ->
            task {
                do! Task.Yield()
                seen.Add i
            })
    let op = resilient {
        for i in 1..5 do
            do! step i
            if i = 4 then return! Op.fail boom }
    Assert.Same(boom, errorOf (runSync op))
    Assert.Equal<int list>([ 1; 2; 3; 4 ], List.ofSeq seen)
