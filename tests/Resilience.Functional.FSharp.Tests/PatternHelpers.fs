namespace Resilience.Functional.FSharp.Tests

open System
open System.Threading
open System.Threading.Tasks
open Resilience.Functional
open Resilience.Functional.FSharp

/// Operations and runners shared by the pattern modules' tests (virtual time, no sleeps).
module PatternHelpers =
    /// A transient error under the default classifier.
    let transient: ResilienceError = TimeoutError(TimeSpan.FromSeconds 1.)

    /// A permanent error under the default classifier.
    let permanent: ResilienceError = LanguageExt.Common.Error.New "permanent"

    /// Starts the operation with no token.
    let start (operation: Operation<'T>) : Task<Result<'T, ResilienceError>> = Op.run CancellationToken.None operation

    /// The result of a started run, or a test failure if it does not complete within the safety net.
    let finish (pending: Task<Result<'T, ResilienceError>>) : Result<'T, ResilienceError> =
        if not (pending.Wait Helpers.safety) then failwith "operation did not complete"
        pending.Result

    /// An operation answering the given outcomes in turn (the last one repeatedly), counting its calls.
    type Scripted<'T>(outcomes: Result<'T, ResilienceError> list) =
        let mutable calls = 0
        member _.Calls = calls
        member _.Operation: Operation<'T> =
            Op.create (fun _ ->
                let outcome = outcomes.[min calls (outcomes.Length - 1)]
                calls <- calls + 1
                ValueTask<_>(Op.ofResultToEither outcome))

    /// An operation that completes only when released (or fails with the token's cancellation), counting its calls.
    type Gate<'T>() =
        let mutable calls = 0
        let mutable pending: TaskCompletionSource<'T> list = []
        member _.Calls = calls
        member _.Release(value: 'T) = for source in pending do source.TrySetResult value |> ignore
        member _.Operation: Operation<'T> =
            Op.ofTask (fun ct ->
                calls <- calls + 1
                let source = TaskCompletionSource<'T>()
                ct.Register(fun () -> source.TrySetCanceled ct |> ignore) |> ignore
                pending <- source :: pending
                source.Task)
