namespace Resilience.Functional.FSharp

open System
open Resilience.Functional

/// Timeouts as curried, operation-last functions over the core's WithTimeout. Outside a retry a timeout bounds the
/// whole call; inside one it bounds each attempt (its TimeoutError is transient, so the retry goes on).
[<RequireQualifiedAccess>]
module Timeout =
    /// Bounds the operation to timeout on the system clock (cooperative): its token is cancelled at the deadline and
    /// the result is then a TimeoutError.
    let after (timeout: TimeSpan) (operation: Operation<'T>) : Operation<'T> = operation.WithTimeout timeout

    /// Bounds the operation as the options say (duration, cooperative or pessimistic mode, clock).
    let withOptions (options: TimeoutOptions) (operation: Operation<'T>) : Operation<'T> = operation.WithTimeout options
