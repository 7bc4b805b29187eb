namespace Resilience.Functional.FSharp

open System
open Resilience.Functional

/// Adaptive concurrency limits as curried, operation-last functions over the core's AdaptiveConcurrencyLimiter.
[<RequireQualifiedAccess>]
module ConcurrencyLimit =
    /// A limiter with the options (validated now, the range across fields too); share it between the operations it
    /// limits.
    let create (options: AdaptiveConcurrencyOptions) : AdaptiveConcurrencyLimiter = AdaptiveConcurrencyLimiter options

    /// Runs the operation under the limiter's current limit, at once or after queueing; beyond the limit and the queue
    /// it gives a ConcurrencyLimitExceededError. Its round-trip time and outcome move the limit.
    let guard (limiter: AdaptiveConcurrencyLimiter) (operation: Operation<'T>) : Operation<'T> =
        operation.WithConcurrencyLimit limiter

    /// How many executions may run at once now.
    let limit (limiter: AdaptiveConcurrencyLimiter) : int = limiter.Limit

    /// How many executions run now.
    let inFlight (limiter: AdaptiveConcurrencyLimiter) : int = limiter.InFlight

    /// How many callers wait for a slot now.
    let queued (limiter: AdaptiveConcurrencyLimiter) : int = limiter.Queued

    /// How long a queued caller waits at most, if limited.
    let maxQueueWait (limiter: AdaptiveConcurrencyLimiter) : TimeSpan option = Interop.optionOf limiter.Options.MaxQueueWait
