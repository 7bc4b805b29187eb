namespace Resilience.Functional.FSharp

open System
open Resilience.Functional
open Resilience.Functional.CircuitBreaking

/// Circuit breakers as curried, operation-last functions over the core's CircuitBreaker, its settings' building
/// blocks, and its pure state machine.
[<RequireQualifiedAccess>]
module CircuitBreaker =
    /// A breaker with the options (validated now); share it between the operations it guards.
    let create (options: CircuitBreakerOptions) : CircuitBreaker = CircuitBreaker options

    /// Guards the operation with the breaker (see the core's WithCircuitBreaker): an open circuit fails at once
    /// with a CircuitOpenError; admitted calls' outcomes are reported to the breaker.
    let guard (breaker: CircuitBreaker) (operation: Operation<'T>) : Operation<'T> = operation.WithCircuitBreaker breaker

    /// The circuit's state now.
    let state (breaker: CircuitBreaker) : CircuitState = breaker.State

    /// The breaker's full state now (a pure value; see step).
    let snapshot (breaker: CircuitBreaker) : BreakerMachineState = breaker.Snapshot

    /// The calls, failures and slow calls in the breaker's window now.
    let windowCounts (breaker: CircuitBreaker) : BreakerWindowCounts = breaker.WindowCounts

    /// How long until an open circuit admits a probe (zero when not open).
    let timeUntilHalfOpen (breaker: CircuitBreaker) : TimeSpan = breaker.TimeUntilHalfOpen

    /// Opens the circuit until reset (manual isolation).
    let isolate (breaker: CircuitBreaker) : unit = breaker.Isolate()

    /// Closes the circuit and forgets its history.
    let reset (breaker: CircuitBreaker) : unit = breaker.Reset()

    /// Feeds an event to the breaker's machine and returns its decision (for custom integrations).
    let apply (event: BreakerInput) (breaker: CircuitBreaker) : BreakerDecision = breaker.Apply event

    /// The same break for every opening (greater than zero).
    let fixedBreak (duration: TimeSpan) : BreakDuration = BreakDuration.Fixed duration

    /// min(max, initial · factor^(opening − 1)): a break growing with each consecutive opening.
    let exponentialBreak (initial: TimeSpan) (factor: float) (max: TimeSpan) : BreakDuration =
        BreakDuration.Exponential(initial, factor, max)

    /// A break computed from the consecutive-opening count (1, 2, …); a negative result or a throw counts as zero.
    let breakBy (byOpening: int -> TimeSpan) : BreakDuration = BreakDuration.Of(Func<_, _> byOpening)

    /// A window of the last size calls.
    let windowByCount (size: int) : SlidingWindow = SlidingWindow.ByCount size

    /// A window of the last duration, counted in buckets.
    let windowByTime (duration: TimeSpan) (buckets: int) : SlidingWindow = SlidingWindow.ByTime(duration, buckets)

    /// The machine's state before any call: closed, empty window.
    let initialState (options: CircuitBreakerOptions) : BreakerMachineState = BreakerMachineState.Initial options

    /// The pure transition: the next state and the decision for an event at a time.
    let step (now: DateTimeOffset) (event: BreakerInput) (state: BreakerMachineState) : BreakerStep =
        CircuitBreakerMachine.Step(state, event, now)

    /// The event reporting the outcome (signal) of the admitted call holding ticket, slow or not.
    let outcomeEvent (signal: BreakerInputKind) (ticket: int64) (slow: bool) : BreakerInput =
        BreakerInput.Outcome(signal, ticket, slow)

    /// Breaks following a backoff schedule by opening (1, 2, …; past its end, its last delay), jitter from a shared
    /// source. The schedule must give a delay for the first opening.
    let breakFromBackoff (backoff: Backoff) : BreakDuration = BreakDuration.FromBackoff backoff

    /// As breakFromBackoff, drawing jitter from random (seed it for a reproducible sequence of breaks).
    let breakFromBackoffWith (random: Random) (backoff: Backoff) : BreakDuration = BreakDuration.FromBackoff(backoff, random)
