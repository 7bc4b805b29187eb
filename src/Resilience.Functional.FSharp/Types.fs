namespace Resilience.Functional.FSharp

open System
open System.Threading
open System.Threading.Tasks

/// The core's error type (LanguageExt.Common.Error) under a name that does not hide F#'s Result.Error.
type ResilienceError = LanguageExt.Common.Error

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
        value.Match(Func<'A, 'A option>(Some), Func<'A option>(fun () -> None))
