module Resilience.Functional.FSharp.Tests.RetryTests

open System
open Microsoft.Extensions.Time.Testing
open Xunit
open Resilience.Functional
open Resilience.Functional.FSharp
open Resilience.Functional.FSharp.Tests.PatternHelpers

[<Fact>]
let ``withBackoff retries transient errors until success`` () =
    let script = Scripted [ Error transient; Error transient; Ok 7 ]
    let result = script.Operation |> Retry.withBackoff (Backoff.immediate |> Backoff.maxRetries 3) |> Helpers.runSync
    Assert.Equal(Ok 7, result)
    Assert.Equal(3, script.Calls)

[<Fact>]
let ``the end of the backoff gives every attempt's error; permanent errors are not retried`` () =
    let failing = Scripted [ Error transient ]
    match failing.Operation |> Retry.withBackoff (Backoff.immediate |> Backoff.maxRetries 2) |> Helpers.runSync with
    | Error(:? RetriesExhaustedError as e) -> Assert.Equal(3, e.Attempts.Count)
    | other -> failwithf "expected RetriesExhaustedError, got %A" other
    let refused = Scripted [ Error permanent ]
    Assert.Equal(Error permanent, refused.Operation |> Retry.withBackoff Backoff.immediate |> Helpers.runSync)
    Assert.Equal(1, refused.Calls)

[<Fact>]
let ``withOptions waits on the injected clock`` () =
    let time = FakeTimeProvider()
    let script = Scripted [ Error transient; Ok "done" ]
    let retried = ResizeArray<RetryEvent>()
    let options =
        RetryOptions(
            Backoff = (Backoff.constant (TimeSpan.FromSeconds 1.) |> Backoff.maxRetries 1),
            TimeProvider = time,
            OnRetry = Action<_> retried.Add
        )
    let pending = script.Operation |> Retry.withOptions options |> start
    Assert.False(pending.IsCompleted)
    Assert.Equal(TimeSpan.FromSeconds 1., retried.[0].Delay)
    time.Advance(TimeSpan.FromSeconds 1.)
    Assert.Equal(Ok "done", finish pending)

[<Fact>]
let ``budgets are built from F# and shared through the options`` () =
    let budget = Retry.tokenRatioBudget 2. 0.1
    Assert.False(Retry.isExhausted budget)
    let script = Scripted [ Error transient ]
    let options = RetryOptions(Backoff = Backoff.immediate, Budget = budget)
    for _ in 1..3 do
        script.Operation |> Retry.withOptions options |> Helpers.runSync |> ignore
    Assert.True(Retry.isExhausted budget)
    let percent = Retry.percentBudget (PercentRetryBudgetOptions(TimeProvider = FakeTimeProvider()))
    Assert.False(Retry.isExhausted percent)
    Assert.Throws<ArgumentOutOfRangeException>(fun () -> Retry.tokenRatioBudget 0. 0.1 |> ignore) |> ignore

[<Fact>]
let ``onValue retries a value the predicate rejects and keeps it when the retries run out`` () =
    let mutable calls = 0
    let page: Operation<int> = Op.ofFunc (fun _ -> calls <- calls + 1; if calls < 3 then 0 else 5)
    let options = RetryOptions(Backoff = (Backoff.immediate |> Backoff.maxRetries 3))
    Assert.Equal(Ok 5, page |> Retry.onValue options (fun items -> items = 0) |> Helpers.runSync)
    Assert.Equal(3, calls)
    let empty: Operation<int> = Op.succeed 0
    let error = Helpers.errorOf (empty |> Retry.onValue options (fun items -> items = 0) |> Helpers.runSync)
    Assert.IsType<RetriesExhaustedError>(error) |> ignore
    Assert.Equal(Some 0, Retry.retriedValue<int> error)
    Assert.Equal(None, Retry.retriedValue<string> error)
