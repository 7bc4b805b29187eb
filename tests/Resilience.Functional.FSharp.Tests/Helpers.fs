namespace Resilience.Functional.FSharp.Tests

open System
open System.Threading
open System.Threading.Tasks
open Resilience.Functional
open Resilience.Functional.FSharp

/// Running operations in tests (a safety-net timeout, never a sleep).
module Helpers =
    let safety = TimeSpan.FromSeconds 30.

    /// Runs to completion with no token and returns the F# Result.
    let runWith (ct: CancellationToken) (operation: Operation<'T>) : Result<'T, ResilienceError> =
        let pending = Op.run ct operation
        if not (pending.Wait safety) then failwith "operation did not complete"
        pending.Result

    /// Runs to completion with no token and returns the F# Result.
    let runSync (operation: Operation<'T>) : Result<'T, ResilienceError> = runWith CancellationToken.None operation

    /// A comparable description of an outcome: exceptional errors differ by instance, so compare type and message.
    let describe (result: Result<'T, ResilienceError>) : string =
        match result with
        | Ok v -> sprintf "ok %A" v
        | Error e -> sprintf "error %s %s" (e.GetType().Name) e.Message

    /// The error of a failed result, or a test failure.
    let errorOf (result: Result<'T, ResilienceError>) : ResilienceError =
        match result with
        | Ok v -> failwithf "expected an error, got %A" v
        | Error e -> e

    /// A disposable that records how often it was disposed.
    type Probe() =
        member val Disposed = 0 with get, set
        interface IDisposable with
            member this.Dispose() = this.Disposed <- this.Disposed + 1
