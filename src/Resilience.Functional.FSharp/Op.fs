namespace Resilience.Functional.FSharp

open System
open System.Threading
open System.Threading.Tasks
open LanguageExt
open Resilience.Functional

/// Constructors, conversions and combinators for Operation<'T>: curried, operation-last wrappers over the core's
/// Op and OpLinq (same semantics: no exception escapes, the caller's cancellation is a CancelledError).
[<RequireQualifiedAccess>]
module Op =
    /// An F# Result from the core's Either (a bottom Either becomes LanguageExt's Errors.Bottom).
    let toResult (either: Either<ResilienceError, 'T>) : Result<'T, ResilienceError> =
        if either.IsBottom then
            Result.Error LanguageExt.Common.Errors.Bottom
        else
            either.Match((fun v -> Ok v), (fun (e: ResilienceError) -> Result.Error e))

    /// The core's Either from an F# Result.
    let ofResultToEither (result: Result<'T, ResilienceError>) : Either<ResilienceError, 'T> =
        match result with
        | Ok v -> Either<ResilienceError, 'T>.Right v
        | Result.Error e -> Either<ResilienceError, 'T>.Left e

    /// An operation that always succeeds with value.
    let succeed (value: 'T) : Operation<'T> =
        Interop.noUnit<'T> (nameof value)
        Op.Succeed value

    /// An operation that always fails with error.
    let fail<'T> (error: ResilienceError) : Operation<'T> = Op.Fail<'T> error

    /// An operation that succeeds with no value (LanguageExt's Unit: F#'s () cannot be a success value).
    let unit: UnitOperation = Op.Succeed LanguageExt.Unit.Default

    /// An operation from a side effect of the token; a throw becomes an error.
    let ofAction (action: CancellationToken -> unit) : UnitOperation =
        Op.FromFunc(Func<_, _>(fun ct -> action ct; LanguageExt.Unit.Default))

    /// An operation from a function of the token returning a Task without a result.
    let ofUnitTask (func: CancellationToken -> Task) : UnitOperation =
        Op.FromTask(
            Func<_, _>(fun ct ->
                task {
                    do! func ct
                    return LanguageExt.Unit.Default
                })
        )

    /// An operation that returns result (Ok as success, Error as failure).
    let ofResult (result: Result<'T, ResilienceError>) : Operation<'T> =
        Interop.noUnit<'T> (nameof result)
        match result with
        | Ok v -> Op.Succeed v
        | Result.Error e -> Op.Fail<'T> e

    /// An operation from a function of the token returning the core's outcome directly.
    let create (operation: CancellationToken -> ValueTask<Either<ResilienceError, 'T>>) : Operation<'T> =
        Interop.noUnit<'T> (nameof operation)
        Op.Of(Func<_, _> operation)

    /// An operation from a task-returning function; a throw or a faulted task becomes an error.
    let ofTask (func: CancellationToken -> Task<'T>) : Operation<'T> =
        Interop.noUnit<'T> (nameof func)
        Op.FromTask(Func<_, _> func)

    /// An operation from a ValueTask-returning function; a throw or a faulted task becomes an error.
    let ofValueTask (func: CancellationToken -> ValueTask<'T>) : Operation<'T> =
        Interop.noUnit<'T> (nameof func)
        Op.FromValueTask(Func<_, _> func)

    /// An operation from a synchronous function; a throw becomes an error.
    let ofFunc (func: CancellationToken -> 'T) : Operation<'T> =
        Interop.noUnit<'T> (nameof func)
        Op.FromFunc(Func<_, _> func)

    /// An operation from an F# Async, started on the calling thread with the operation's token.
    let ofAsync (computation: Async<'T>) : Operation<'T> =
        Interop.noUnit<'T> (nameof computation)
        Op.FromTask(Func<_, _>(fun ct -> Async.StartImmediateAsTask(computation, ct)))

    /// An operation from an F# Async without a result, started on the calling thread with the operation's token.
    let ofUnitAsync (computation: Async<unit>) : UnitOperation =
        let withUnit =
            async {
                do! computation
                return LanguageExt.Unit.Default
            }

        Op.FromTask(Func<_, _>(fun ct -> Async.StartImmediateAsTask(withUnit, ct)))

    /// An operation from a function of the token returning an F# Result task.
    let ofResultTask (func: CancellationToken -> Task<Result<'T, ResilienceError>>) : Operation<'T> =
        Interop.noUnit<'T> (nameof func)
        OpLinq.Flatten(OpLinq.Map(Op.FromTask(Func<_, _> func), Func<_, _> ofResultToEither))

    /// The token the operation runs with, to pass on inside resilient { }.
    let cancellationToken: Operation<CancellationToken> = Op.FromFunc(Func<_, _> id)

    /// Runs the operation with the token and returns the core's outcome (never faults).
    let runEither (cancellationToken: CancellationToken) (operation: Operation<'T>) : ValueTask<Either<ResilienceError, 'T>> =
        operation.Run cancellationToken

    /// Runs the operation with the token; the task never faults, failures are Error.
    let run (cancellationToken: CancellationToken) (operation: Operation<'T>) : Task<Result<'T, ResilienceError>> =
        let pending = operation.Run cancellationToken
        if pending.IsCompletedSuccessfully then
            Task.FromResult(toResult pending.Result)
        else
            task {
                let! either = pending
                return toResult either
            }

    /// Runs the operation as an F# Async with the Async's cancellation token.
    let runAsync (operation: Operation<'T>) : Async<Result<'T, ResilienceError>> =
        async {
            let! ct = Async.CancellationToken
            return! Async.AwaitTask(run ct operation)
        }

    /// Maps the success value; a throw becomes an error.
    let map (mapping: 'A -> 'B) (operation: Operation<'A>) : Operation<'B> =
        Interop.noUnit<'B> (nameof mapping)
        OpLinq.Map(operation, Func<_, _> mapping)

    /// Drops the success value (keeps the outcome).
    let ignore (operation: Operation<'A>) : UnitOperation = OpLinq.Map(operation, Func<_, _>(fun _ -> LanguageExt.Unit.Default))

    /// Runs the next operation with the success value.
    let bind (binder: 'A -> Operation<'B>) (operation: Operation<'A>) : Operation<'B> =
        OpLinq.Bind(operation, Func<_, _> binder)

    /// Maps the error (never the caller's cancellation).
    let mapError (mapping: ResilienceError -> ResilienceError) (operation: Operation<'A>) : Operation<'A> =
        OpLinq.MapError(operation, Func<_, _> mapping)

    /// On an error (never the caller's cancellation), runs the operation the handler returns.
    let recover (handler: ResilienceError -> Operation<'A>) (operation: Operation<'A>) : Operation<'A> =
        OpLinq.Recover(operation, Func<_, _> handler)

    /// Runs an action on the success value and passes the value on.
    let tap (action: 'A -> unit) (operation: Operation<'A>) : Operation<'A> = OpLinq.Tap(operation, Action<_> action)

    /// Runs an action on the error and passes the error on.
    let tapError (action: ResilienceError -> unit) (operation: Operation<'A>) : Operation<'A> =
        OpLinq.TapError(operation, Action<_> action)

    /// Keeps a success value only when the predicate holds; otherwise fails with ValueRejectedError.
    let filter (predicate: 'A -> bool) (operation: Operation<'A>) : Operation<'A> =
        OpLinq.Where(operation, Func<_, _> predicate)

    /// Flattens an operation whose value is itself an outcome.
    let flatten (operation: Operation<Either<ResilienceError, 'A>>) : Operation<'A> = OpLinq.Flatten operation

    /// Flattens an operation whose value is an F# Result.
    let flattenResult (operation: Operation<Result<'A, ResilienceError>>) : Operation<'A> =
        OpLinq.Flatten(OpLinq.Map(operation, Func<_, _> ofResultToEither))

    /// True when the error is the caller's cancellation.
    let isCancellation (error: ResilienceError) : bool = error.IsCancellation()

    /// The retry-after hint an error carries (rate limited, circuit open, HTTP 429/503, ...).
    let retryAfter (error: ResilienceError) : TimeSpan option =
        Interop.optionOf (error.RetryAfterHint())
