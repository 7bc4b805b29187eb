module Resilience.Functional.FSharp.Tests.CircuitBreakerTests

open System
open Microsoft.Extensions.Time.Testing
open Xunit
open Resilience.Functional
open Resilience.Functional.FSharp
open Resilience.Functional.FSharp.Tests.PatternHelpers
open Resilience.Functional.CircuitBreaking

let options (time: TimeProvider) =
    CircuitBreakerOptions(
        ConsecutiveFailures = 2,
        BreakDuration = CircuitBreaker.fixedBreak (TimeSpan.FromSeconds 10.),
        TimeProvider = time
    )

[<Fact>]
let ``guard opens after consecutive failures and closes after a probe`` () =
    let time = FakeTimeProvider()
    let breaker = CircuitBreaker.create (options time)
    let script = Scripted [ Error transient; Error transient; Ok 1 ]
    let guarded = script.Operation |> CircuitBreaker.guard breaker
    Helpers.runSync guarded |> ignore
    Helpers.runSync guarded |> ignore
    Assert.Equal(CircuitState.Open, CircuitBreaker.state breaker)
    Assert.True(Helpers.errorOf (Helpers.runSync guarded) :? CircuitOpenError)
    Assert.Equal(2, script.Calls)
    Assert.Equal(TimeSpan.FromSeconds 10., CircuitBreaker.timeUntilHalfOpen breaker)
    time.Advance(TimeSpan.FromSeconds 10.)
    Assert.Equal(CircuitState.HalfOpen, CircuitBreaker.state breaker)
    Assert.Equal(Ok 1, Helpers.runSync guarded)
    Assert.Equal(CircuitState.Closed, CircuitBreaker.state breaker)

[<Fact>]
let ``isolate and reset switch the circuit by hand`` () =
    let breaker = CircuitBreaker.create (options (FakeTimeProvider()))
    CircuitBreaker.isolate breaker
    Assert.Equal(CircuitState.Isolated, CircuitBreaker.state breaker)
    CircuitBreaker.reset breaker
    Assert.Equal(CircuitState.Closed, (CircuitBreaker.snapshot breaker).Circuit)
    Assert.Equal(BreakerVerdict.Admitted, (CircuitBreaker.apply BreakerInput.Requested breaker).Verdict)
    Assert.Equal(0, (CircuitBreaker.windowCounts breaker).Failures)

[<Fact>]
let ``settings' building blocks and the pure machine`` () =
    Assert.Equal(TimeSpan.FromSeconds 4., (CircuitBreaker.exponentialBreak (TimeSpan.FromSeconds 1.) 2. (TimeSpan.FromSeconds 5.)).For 3)
    Assert.Equal(TimeSpan.FromSeconds 3., (CircuitBreaker.breakBy (fun n -> TimeSpan.FromSeconds(float n))).For 3)
    Assert.Equal(20, (CircuitBreaker.windowByCount 20).Size)
    Assert.True((CircuitBreaker.windowByTime (TimeSpan.FromSeconds 10.) 10).IsTimeBased)
    let opts = CircuitBreakerOptions(ConsecutiveFailures = 1)
    let now = DateTimeOffset.UnixEpoch
    let admitted = CircuitBreaker.initialState opts |> CircuitBreaker.step now BreakerInput.Requested
    Assert.Equal(BreakerVerdict.Admitted, admitted.Decision.Verdict)
    let failed = admitted.State |> CircuitBreaker.step now (CircuitBreaker.outcomeEvent BreakerInputKind.Failed admitted.Decision.Ticket false)
    Assert.Equal(CircuitState.Open, failed.State.Circuit)
    Assert.Throws<ArgumentOutOfRangeException>(fun () -> CircuitBreaker.fixedBreak TimeSpan.Zero |> ignore) |> ignore

[<Fact>]
let ``breakFromBackoff follows the schedule by opening and keeps its last delay past the end`` () =
    let growing = CircuitBreaker.breakFromBackoff (Backoff.exponential (TimeSpan.FromSeconds 1.) |> Backoff.maxRetries 3)
    Assert.Equal<TimeSpan list>(
        [ 1.; 2.; 4.; 4. ] |> List.map TimeSpan.FromSeconds,
        [ 1..4 ] |> List.map growing.For
    )
    Assert.Throws<ArgumentException>(fun () -> CircuitBreaker.breakFromBackoff Backoff.never |> ignore) |> ignore

[<Fact>]
let ``breakFromBackoffWith draws jitter from the given source, reproducibly`` () =
    let jittered = Backoff.exponential (TimeSpan.FromSeconds 1.) |> Backoff.fullJitter
    let breaks seed = [ 1..5 ] |> List.map (CircuitBreaker.breakFromBackoffWith (Random seed) jittered).For
    Assert.Equal<TimeSpan list>(breaks 7, breaks 7)
    Assert.Equal<TimeSpan list>(Backoff.take (Random 7) 5 jittered, breaks 7)
