namespace Resilience.Functional.FSharp

open System
open Resilience.Functional

/// Hedging as curried, operation-last functions over the core's WithHedging. The operation must be safe to run more
/// than once at a time.
[<RequireQualifiedAccess>]
module Hedging =
    /// Hedges the operation as the options say (how many hedges, after what delay, on which failures, which clock).
    let hedge (options: HedgingOptions) (operation: Operation<'T>) : Operation<'T> = operation.WithHedging options

    /// Starts one more attempt when the first has not answered within delay (or failed transiently), on the system
    /// clock; the first success wins and the other attempt is cancelled.
    let after (delay: TimeSpan) (operation: Operation<'T>) : Operation<'T> =
        operation.WithHedging(HedgingOptions(Delay = delay))
