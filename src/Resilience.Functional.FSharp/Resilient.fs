namespace Resilience.Functional.FSharp

open System
open System.Threading
open System.Threading.Tasks
open LanguageExt
open Resilience.Functional

/// The builder behind resilient { }: each block is an Operation<'T> that does nothing until it is run, and runs
/// its body again on every run. let!/do!/return! take an Operation, an Async, a Task or an F# Result; and! runs
/// both sides concurrently (both are started before either is awaited; the left error wins when both fail); an
/// exception thrown in the block becomes the operation's error; try/with hands any error except the caller's
/// cancellation to the handler (the original exception, or ResilienceFailure error for non-exception errors).
/// Statements (do!, loops, a block without return) are UnitOperation (LanguageExt's Unit), because F#'s () is null
/// and cannot be a success value of the core's Either.
type ResilientBuilder() =
    static let unitOp: UnitOperation = Op.Succeed LanguageExt.Unit.Default
    static let unitDone = Outcome.Success LanguageExt.Unit.Default

    static let finish (result: Either<ResilienceError, 'T>) (compensation: unit -> unit) (ct: CancellationToken) =
        try
            compensation ()
            result
        with ex ->
            Either<ResilienceError, 'T>.Left(Outcome.FromException(ex, ct))

    static let pair (a: Either<ResilienceError, 'A>) (b: Either<ResilienceError, 'B>) =
        match Op.toResult a, Op.toResult b with
        | Ok x, Ok y -> Either<ResilienceError, 'A * 'B>.Right((x, y))
        | Result.Error e, _
        | _, Result.Error e -> Either<ResilienceError, 'A * 'B>.Left e

    /// Lifts an operation (identity).
    member _.Source(operation: Operation<'T>) : Operation<'T> = operation

    /// Lifts an F# Async, started with the operation's token.
    member _.Source(computation: Async<'T>) : Operation<'T> = Op.ofAsync computation

    /// Lifts a task (already started; it is awaited, its fault becomes the error).
    member _.Source(task: Task<'T>) : Operation<'T> = Op.ofTask (fun _ -> task)

    /// Lifts an F# Async without a result (do! async { ... }).
    member _.Source(computation: Async<unit>) : UnitOperation = Op.ofUnitAsync computation

    /// Lifts an F# task { } without a result.
    member _.Source(pending: Task<unit>) : UnitOperation = Op.ofUnitTask (fun _ -> pending :> Task)

    /// Lifts an F# Result without a value.
    member _.Source(result: Result<unit, ResilienceError>) : UnitOperation =
        match result with
        | Ok() -> unitOp
        | Result.Error e -> Op.fail e

    /// Lifts a task without a result.
    member _.Source(pending: Task) : UnitOperation = Op.ofUnitTask (fun _ -> pending)

    /// Lifts an F# Result.
    member _.Source(result: Result<'T, ResilienceError>) : Operation<'T> = Op.ofResult result

    /// Lets for loops iterate a sequence.
    member _.Source(sequence: seq<'T>) : seq<'T> = sequence

    /// return x
    member _.Return(value: 'T) : Operation<'T> = Op.Succeed value

    /// return () in a block without a value.
    member _.Return(_: unit) : UnitOperation = unitOp

    /// return! op
    member _.ReturnFrom(operation: Operation<'T>) : Operation<'T> = operation

    /// let! x = op in ...
    member _.Bind(operation: Operation<'A>, binder: 'A -> Operation<'B>) : Operation<'B> =
        OpLinq.Bind(operation, Func<_, _> binder)

    /// do! op, for an operation without a result.
    member _.Bind(operation: UnitOperation, binder: unit -> Operation<'B>) : Operation<'B> =
        OpLinq.Bind(operation, Func<_, _>(fun _ -> binder ()))

    /// and!: starts both operations, then awaits both.
    member _.MergeSources(left: Operation<'A>, right: Operation<'B>) : Operation<'A * 'B> =
        Func<_, _>(fun ct ->
            let l = left.Run ct
            let r = right.Run ct
            if l.IsCompletedSuccessfully && r.IsCompletedSuccessfully then
                ValueTask<Either<ResilienceError, _>>(pair l.Result r.Result)
            else
                ValueTask<Either<ResilienceError, _>>(
                    task {
                        let! a = l
                        let! b = r
                        return pair a b
                    }
                ))

    /// The body of a block, rebuilt on every run; a throw while building it becomes the error.
    member _.Delay(body: unit -> Operation<'T>) : Operation<'T> = OpLinq.Bind(unitOp, Func<_, _>(fun _ -> body ()))

    /// An empty else branch or a block ending in a statement.
    member _.Zero() : UnitOperation = unitOp

    /// Sequencing of a statement and the rest of the block.
    member _.Combine(first: UnitOperation, rest: Operation<'T>) : Operation<'T> =
        OpLinq.Bind(first, Func<_, _>(fun _ -> rest))

    /// while guard do body: an iterative loop (no stack growth), synchronous while the body completes synchronously.
    member _.While(guard: unit -> bool, body: UnitOperation) : UnitOperation =
        Func<_, _>(fun ct -> ResilientBuilder.Loop(guard, body, ct))

    static member private Loop(guard: unit -> bool, body: UnitOperation, ct: CancellationToken) =
        let mutable finished = ValueNone
        let mutable pending = ValueNone
        try
            while finished.IsNone && pending.IsNone do
                if guard () then
                    let step = body.Run ct
                    if not step.IsCompletedSuccessfully then pending <- ValueSome step
                    elif step.Result.IsLeft then finished <- ValueSome step
                else
                    finished <- ValueSome unitDone
        with ex ->
            finished <- ValueSome(Outcome.Failure<LanguageExt.Unit>(Outcome.FromException(ex, ct)))
        match pending with
        | ValueSome step -> ResilientBuilder.LoopAsync(step, guard, body, ct)
        | ValueNone -> finished.Value

    static member private LoopAsync(first: ValueTask<Either<ResilienceError, LanguageExt.Unit>>, guard, body, ct) =
        ValueTask<Either<ResilienceError, LanguageExt.Unit>>(
            task {
                let! firstResult = first
                let mutable result = firstResult
                try
                    while result.IsRight && guard () do
                        let! next = body.Run ct
                        result <- next
                with ex ->
                    result <- Either<ResilienceError, LanguageExt.Unit>.Left(Outcome.FromException(ex, ct))
                return result
            }
        )

    /// try body with handler: every error except the caller's cancellation reaches the handler.
    member _.TryWith(body: Operation<'T>, handler: exn -> Operation<'T>) : Operation<'T> =
        OpLinq.Recover(
            body,
            Func<_, _>(fun (error: ResilienceError) ->
                let ex = if error.IsExceptional then error.ToException() else ResilienceFailure error
                try
                    handler ex
                with
                | raised when obj.ReferenceEquals(raised, ex) -> Op.Fail error
                | ResilienceFailure inner -> Op.Fail inner)
        )

    /// try body finally compensation: the compensation runs after the body whatever its outcome; if it throws,
    /// its exception replaces the outcome (as in .NET).
    member _.TryFinally(body: Operation<'T>, compensation: unit -> unit) : Operation<'T> =
        Func<_, _>(fun ct ->
            let pending = body.Run ct
            if pending.IsCompletedSuccessfully then
                ValueTask<Either<ResilienceError, _>>(finish pending.Result compensation ct)
            else
                ValueTask<Either<ResilienceError, _>>(
                    task {
                        let! result = pending
                        return finish result compensation ct
                    }
                ))

    /// use resource = value: disposed when the rest of the block completes.
    member this.Using(resource: 'R when 'R :> IDisposable, body: 'R -> Operation<'T>) : Operation<'T> =
        this.TryFinally(this.Delay(fun () -> body resource), fun () -> if not (isNull (box resource)) then resource.Dispose())

    /// for x in sequence do body
    member this.For(sequence: seq<'A>, body: 'A -> UnitOperation) : UnitOperation =
        this.Delay(fun () ->
            let enumerator = sequence.GetEnumerator()
            this.TryFinally(
                this.While((fun () -> enumerator.MoveNext()), this.Delay(fun () -> body enumerator.Current)),
                fun () -> enumerator.Dispose()
            ))

/// The resilient { } computation expression.
[<AutoOpen>]
module ResilientBuilderInstance =
    /// Builds an Operation<'T> from F# code; see ResilientBuilder for the meaning of each construct.
    let resilient = ResilientBuilder()
