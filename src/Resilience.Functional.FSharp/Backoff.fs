namespace Resilience.Functional.FSharp

open System
open Resilience.Functional
open Resilience.Functional.Scheduling

/// Backoff schedules as curried values and schedule-last modifiers over the core's Backoff, so they pipe:
/// Backoff.exponential (TimeSpan.FromMilliseconds 100.) |> Backoff.capDelay (TimeSpan.FromSeconds 5.) |> Backoff.fullJitter |> Backoff.maxRetries 5.
[<RequireQualifiedAccess>]
module Backoff =
    /// Retry at once, forever (the identity of intersect).
    let immediate: Backoff = Backoff.Immediate

    /// Never retry (the identity of union and andThen).
    let never: Backoff = Backoff.Never

    /// Wait delay before every retry, forever.
    let constant (delay: TimeSpan) : Backoff = Backoff.Constant delay

    /// Wait baseDelay · n before retry n, forever.
    let linear (baseDelay: TimeSpan) : Backoff = Backoff.Linear baseDelay

    /// Wait baseDelay · 2^(n−1) before retry n, forever (saturating at TimeSpan.MaxValue).
    let exponential (baseDelay: TimeSpan) : Backoff = Backoff.Exponential baseDelay

    /// Wait baseDelay · factor^(n−1) before retry n, forever (factor finite and at least 1).
    let exponentialBy (factor: float) (baseDelay: TimeSpan) : Backoff = Backoff.Exponential(baseDelay, factor)

    /// Wait baseDelay · F(n) before retry n (F = 1, 1, 2, 3, 5, …), forever.
    let fibonacci (baseDelay: TimeSpan) : Backoff = Backoff.Fibonacci baseDelay

    /// AWS decorrelated jitter: min(cap, U(baseDelay, 3 · previous delay)); every delay lies in [baseDelay, cap].
    let decorrelatedJitter (baseDelay: TimeSpan) (cap: TimeSpan) : Backoff = Backoff.DecorrelatedJitter(baseDelay, cap)

    /// A schedule from your own step, pure apart from drawing from the input's random source.
    let ofFunction (description: string) (step: BackoffInput -> BackoffDecision) : Backoff =
        Backoff.FromFunction(Func<_, _> step, description)

    /// The delays of a LanguageExt Schedule (retry n waits its n-th duration; stops where it ends).
    let ofLanguageExt (schedule: LanguageExt.Schedule) : Backoff = Backoff.FromLanguageExt schedule

    /// A step's answer: retry after delay, with the remaining elapsed-time budget (TimeSpan.MaxValue for none) and
    /// state for the next step.
    let retryDecision (delay: TimeSpan) (remainingElapsed: TimeSpan) (state: obj) : BackoffDecision =
        BackoffDecision.Retry(delay, remainingElapsed, state)

    /// A step's answer: stop, keeping state.
    let stopDecision (state: obj) : BackoffDecision = BackoffDecision.Stop state

    /// Never wait longer than cap for one retry.
    let capDelay (cap: TimeSpan) (backoff: Backoff) : Backoff = backoff.CapDelay cap

    /// AWS full jitter: each delay t becomes U(0, t).
    let fullJitter (backoff: Backoff) : Backoff = backoff.FullJitter()

    /// AWS equal jitter: each delay t becomes t/2 + U(0, t/2).
    let equalJitter (backoff: Backoff) : Backoff = backoff.EqualJitter()

    /// Retry at most retries times (the operation runs at most retries + 1 times).
    let maxRetries (retries: int) (backoff: Backoff) : Backoff = backoff.MaxRetries retries

    /// Stop once a retry would start later than limit after the first attempt.
    let maxElapsed (limit: TimeSpan) (backoff: Backoff) : Backoff = backoff.MaxElapsed limit

    /// Retry only while the predicate holds for the failed attempt's error (a throwing predicate stops).
    let retryWhile (predicate: ResilienceError -> bool) (backoff: Backoff) : Backoff =
        backoff.RetryWhile(Func<_, _> predicate)

    /// Go on while either schedule goes on, waiting the shorter delay.
    let union (other: Backoff) (backoff: Backoff) : Backoff = backoff.Union other

    /// Go on while both schedules go on, waiting the longer delay.
    let intersect (other: Backoff) (backoff: Backoff) : Backoff = backoff.Intersect other

    /// The schedule until it stops, then next (which counts retries and elapsed time from that point).
    let andThen (next: Backoff) (backoff: Backoff) : Backoff = backoff.AndThen next

    /// The delay before retry number attempt (from 1) drawing from random, or None if the schedule has stopped by then.
    let delay (random: Random) (attempt: int) (backoff: Backoff) : TimeSpan option =
        Interop.optionOf (backoff.Delay(attempt, random))

    /// The first count delays (fewer if the schedule stops) drawing from random.
    let take (random: Random) (count: int) (backoff: Backoff) : TimeSpan list =
        backoff.Take(count, random) |> List.ofSeq

    /// The schedule as text, e.g. Exponential(100ms, x2).CapDelay(10s).FullJitter().MaxRetries(5).
    let describe (backoff: Backoff) : string = backoff.Describe()
