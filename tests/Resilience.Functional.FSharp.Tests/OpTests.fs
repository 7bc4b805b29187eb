module Resilience.Functional.FSharp.Tests.OpTests

open System
open System.Threading
open System.Threading.Tasks
open Xunit

open Resilience.Functional
open Resilience.Functional.FSharp
open Resilience.Functional.FSharp.Tests.Helpers

let boom = LanguageExt.Common.Error.New "boom"

[<Fact>]
let ``succeed, fail and ofResult give back what they were given`` () =
    Assert.Equal(Ok 1, runSync (Op.succeed 1))
    Assert.Equal(Result<int, ResilienceError>.Error boom, runSync (Op.fail boom))
    Assert.Equal(Ok "a", runSync (Op.ofResult (Ok "a")))
    Assert.Same(boom, errorOf (runSync (Op.ofResult (Result<int, _>.Error boom))))

[<Fact>]
let ``toResult and ofResultToEither round-trip, and a bottom Either is Errors.Bottom`` () =
    Assert.Equal(Ok 3, Op.toResult (Op.ofResultToEither (Ok 3)))
    Assert.Same(boom, errorOf (Op.toResult (Op.ofResultToEither (Result<int, _>.Error boom))))
    let bottom = Unchecked.defaultof<LanguageExt.Either<ResilienceError, int>>
    Assert.Equal(LanguageExt.Common.Errors.Bottom, errorOf (Op.toResult bottom))

[<Fact>]
let ``ofTask turns a throw and a faulted task into an exceptional error`` () =
    let thrown = Op.ofTask (fun _ -> raise (InvalidOperationException "sync"))
    let faulted = Op.ofTask (fun _ -> Task.FromException<int>(InvalidOperationException "async"))
    Assert.IsType<InvalidOperationException>((errorOf (runSync thrown)).ToException()) |> ignore
    Assert.Equal("async", (errorOf (runSync faulted)).Message)
    Assert.Equal(Ok 5, runSync (Op.ofTask (fun _ -> Task.FromResult 5)))

[<Fact>]
let ``ofValueTask, ofFunc and create lift functions of the token`` () =
    Assert.Equal(Ok 2, runSync (Op.ofValueTask (fun _ -> ValueTask<int>(2))))
    Assert.Equal(Ok 3, runSync (Op.ofFunc (fun _ -> 3)))
    Assert.Equal(Ok 4, runSync (Op.create (fun _ -> ValueTask<_>(LanguageExt.Either<ResilienceError, int>.Right 4))))
    Assert.Equal("f", (errorOf (runSync (Op.ofFunc (fun _ -> failwith "f" : int)))).Message)

[<Fact>]
let ``ofAsync runs the Async with the operation's token`` () =
    use cts = new CancellationTokenSource()
    let seen = Op.ofAsync (async { return! Async.CancellationToken })
    Assert.Equal(Ok cts.Token, runWith cts.Token seen)
    Assert.Equal(Ok 7, runSync (Op.ofAsync (async { return 7 })))
    Assert.Equal("a", (errorOf (runSync (Op.ofAsync (async { return failwith "a" : int })))).Message)

[<Fact>]
let ``ofAsync cancelled by the caller mid-way is a CancelledError`` () =
    use cts = new CancellationTokenSource()
    let gate = TaskCompletionSource<int>()
    let op = Op.ofAsync (async {
        cts.Cancel()
        let! v = Async.AwaitTask gate.Task
        return v })
    Assert.IsType<CancelledError>(errorOf (runWith cts.Token op)) |> ignore

[<Fact>]
let ``ofResultTask flattens an F# Result task`` () =
    Assert.Equal(Ok 1, runSync (Op.ofResultTask (fun _ -> Task.FromResult(Ok 1))))
    Assert.Same(boom, errorOf (runSync (Op.ofResultTask (fun _ -> Task.FromResult(Result<int, _>.Error boom)))))

[<Fact>]
let ``run with a cancelled token does not start the operation`` () =
    let mutable calls = 0
    let op = Op.ofFunc (fun _ -> calls <- calls + 1; calls)
    use cts = new CancellationTokenSource()
    cts.Cancel()
    Assert.True(Op.isCancellation (errorOf (runWith cts.Token op)))
    Assert.Equal(0, calls)

[<Fact>]
let ``runAsync and runEither give the same outcome as run`` () =
    let op = Op.succeed 9
    Assert.Equal(Ok 9, Async.RunSynchronously(Op.runAsync op, 30_000))
    Assert.True((Op.runEither CancellationToken.None op).Result.IsRight)

[<Fact>]
let ``cancellationToken yields the token the operation runs with`` () =
    use cts = new CancellationTokenSource()
    Assert.Equal(Ok cts.Token, runWith cts.Token Op.cancellationToken)

[<Fact>]
let ``map, bind, filter and flatten pipe operation-last`` () =
    let result =
        Op.succeed 20
        |> Op.map (fun x -> x + 1)
        |> Op.bind (fun x -> Op.succeed (x * 2))
        |> Op.filter (fun x -> x > 0)
    Assert.Equal(Ok 42, runSync result)
    Assert.IsType<ValueRejectedError>(errorOf (runSync (Op.succeed -1 |> Op.filter (fun x -> x > 0)))) |> ignore
    Assert.Equal(Ok 1, runSync (Op.flatten (Op.succeed (LanguageExt.Either<ResilienceError, int>.Right 1))))
    Assert.Same(boom, errorOf (runSync (Op.flattenResult (Op.succeed (Result<int, _>.Error boom)))))

[<Fact>]
let ``mapError and recover handle errors but never the caller's cancellation`` () =
    let other = LanguageExt.Common.Error.New "other"
    Assert.Same(other, errorOf (runSync (Op.fail<int> boom |> Op.mapError (fun _ -> other))))
    Assert.Equal(Ok 0, runSync (Op.fail boom |> Op.recover (fun _ -> Op.succeed 0)))
    let cancelled = Op.fail<int> CancelledError.Instance |> Op.recover (fun _ -> Op.succeed 0)
    Assert.True(Op.isCancellation (errorOf (runSync cancelled)))

[<Fact>]
let ``tap and tapError observe without changing the outcome`` () =
    let seen = Collections.Generic.List<string>()
    Assert.Equal(Ok 1, runSync (Op.succeed 1 |> Op.tap (fun v -> seen.Add(string v)) |> Op.tapError (fun e -> seen.Add e.Message)))
    Assert.Same(boom, errorOf (runSync (Op.fail<int> boom |> Op.tap (fun v -> seen.Add(string v)) |> Op.tapError (fun e -> seen.Add e.Message))))
    Assert.Equal<string list>([ "1"; "boom" ], List.ofSeq seen)

[<Fact>]
let ``retryAfter reads the hint an error carries`` () =
    let hint = TimeSpan.FromSeconds 3.
    Assert.Equal(Some hint, Op.retryAfter (RateLimitedError(LanguageExt.Option<TimeSpan>.Some hint)))
    Assert.Equal(None, Op.retryAfter boom)

[<Fact>]
let ``an Operation<unit>, which could never succeed, fails at construction and names the parameter`` () =
    let ofFunc = Assert.Throws<ArgumentException>(fun () -> Op.ofFunc (fun _ -> ()) |> ignore)
    Assert.Equal("func", ofFunc.ParamName)
    Assert.Contains("Op.ofAction", ofFunc.Message)
    Assert.Equal("mapping", Assert.Throws<ArgumentException>(fun () -> Op.succeed 1 |> Op.map ignore |> ignore).ParamName)
    Assert.Equal("computation", Assert.Throws<ArgumentException>(fun () -> Op.ofAsync (async { return () }) |> ignore).ParamName)
    Assert.Equal("value", Assert.Throws<ArgumentException>(fun () -> Op.succeed () |> ignore).ParamName)
