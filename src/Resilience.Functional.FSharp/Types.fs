namespace Resilience.Functional.FSharp

open System
open System.Threading
open System.Threading.Tasks

/// The core's error type (LanguageExt.Common.Error) under a name that does not hide F#'s Result.Error.
type ResilienceError = LanguageExt.Common.Error

/// An operation with no result. F#'s () is null at run time and LanguageExt's Either rejects a null success value, so
/// an Operation<unit> can never succeed: use UnitOperation (Op.ignore, Op.ofAction, do! in resilient { }) instead.
type UnitOperation = Func<CancellationToken, ValueTask<LanguageExt.Either<ResilienceError, LanguageExt.Unit>>>

/// The operation every combinator takes and returns: the core's
/// Func<CancellationToken, ValueTask<Either<Error, 'T>>>, so F# and C# pipelines are interchangeable.
type Operation<'T> = Func<CancellationToken, ValueTask<LanguageExt.Either<ResilienceError, 'T>>>

/// Raised inside a resilient { } block's try/with handler to stand for an error that is not an exception
/// (e.g. a TimeoutError); match it with the ResilienceFailure pattern. Raising it anywhere in the block fails the
/// operation with the error it carries.
exception ResilienceFailure of ResilienceError

/// Conversions between LanguageExt and FSharp.Core shapes used by the modules.
module internal Interop =
    /// An F# option from a LanguageExt Option.
    let optionOf (value: LanguageExt.Option<'A>) : 'A option =
        // LanguageExt's Match rejects a null result, and F#'s None is null: match only on the Some side.
        if value.IsSome then
            Some(value.Match(Func<'A, 'A>(id), Func<'A>(fun () -> invalidOp "unreachable")))
        else
            None

    /// Fails at construction for Operation<unit>, which could never succeed at run time.
    let noUnit<'T> (parameter: string) : unit =
        if typeof<'T> = typeof<unit> then
            invalidArg
                parameter
                "An Operation<unit> can never succeed: F#'s () is null and LanguageExt's Either rejects a null value. Use a UnitOperation (Op.ofAction, Op.ofUnitTask, Op.ofUnitAsync, Op.ignore, Op.unit) instead."
