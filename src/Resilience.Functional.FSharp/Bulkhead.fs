namespace Resilience.Functional.FSharp

open System
open Resilience.Functional

/// Bulkheads as curried, operation-last functions over the core's Bulkhead.
[<RequireQualifiedAccess>]
module Bulkhead =
    /// A bulkhead with the options (validated now); share it between the operations it limits.
    let create (options: BulkheadOptions) : Bulkhead = Bulkhead options

    /// Runs the operation inside the bulkhead: at once with a free slot, otherwise after queueing; a full queue or a
    /// queue wait beyond the limit gives the bulkhead's BulkheadFullError.
    let guard (bulkhead: Bulkhead) (operation: Operation<'T>) : Operation<'T> = operation.WithBulkhead bulkhead

    /// How many executions run now.
    let inUse (bulkhead: Bulkhead) : int = bulkhead.InUse

    /// How many callers wait for a slot now.
    let queued (bulkhead: Bulkhead) : int = bulkhead.Queued

    /// How many slots are free now.
    let available (bulkhead: Bulkhead) : int = bulkhead.Available

    /// How long a queued caller waits at most, if limited.
    let maxQueueWait (bulkhead: Bulkhead) : TimeSpan option = Interop.optionOf bulkhead.Options.MaxQueueWait
