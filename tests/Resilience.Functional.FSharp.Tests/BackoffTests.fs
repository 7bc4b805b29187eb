module Resilience.Functional.FSharp.Tests.BackoffTests

open System
open Xunit
open FsCheck.Xunit
open FsCheck
open Resilience.Functional
open Resilience.Functional.FSharp
open Resilience.Functional.Scheduling

let ms (n: float) = TimeSpan.FromMilliseconds n

[<Fact>]
let ``schedules pipe: exponential, capped, retries counted`` () =
    let backoff = Backoff.exponential (ms 100.) |> Backoff.capDelay (ms 300.) |> Backoff.maxRetries 4
    Assert.Equal<TimeSpan list>([ ms 100.; ms 200.; ms 300.; ms 300. ], Backoff.take (Random 1) 10 backoff)
    Assert.Equal(Some(ms 300.), Backoff.delay (Random 1) 4 backoff)
    Assert.Equal(None, Backoff.delay (Random 1) 5 backoff)
    Assert.Equal("Exponential(100ms, x2).CapDelay(300ms).MaxRetries(4)", Backoff.describe backoff)

[<Fact>]
let ``constructors match the core's`` () =
    let first3 b = Backoff.take (Random 1) 3 b
    Assert.Equal<TimeSpan list>([ ms 5.; ms 5.; ms 5. ], first3 (Backoff.constant (ms 5.)))
    Assert.Equal<TimeSpan list>([ ms 5.; ms 10.; ms 15. ], first3 (Backoff.linear (ms 5.)))
    Assert.Equal<TimeSpan list>([ ms 1.; ms 3.; ms 9. ], first3 (Backoff.exponentialBy 3. (ms 1.)))
    Assert.Equal<TimeSpan list>([ ms 5.; ms 5.; ms 10. ], first3 (Backoff.fibonacci (ms 5.)))
    Assert.Equal<TimeSpan list>([ TimeSpan.Zero; TimeSpan.Zero; TimeSpan.Zero ], first3 Backoff.immediate)
    Assert.Empty(first3 Backoff.never)
    Assert.Throws<ArgumentOutOfRangeException>(fun () -> Backoff.constant (ms -1.) |> ignore) |> ignore
    Assert.Throws<ArgumentOutOfRangeException>(fun () -> Backoff.maxRetries 0 Backoff.immediate |> ignore) |> ignore

[<Fact>]
let ``union, intersect and andThen combine schedules`` () =
    let short = Backoff.constant (ms 10.) |> Backoff.maxRetries 1
    let long = Backoff.constant (ms 50.) |> Backoff.maxRetries 2
    Assert.Equal<TimeSpan list>([ ms 10.; ms 50. ], Backoff.take (Random 1) 5 (short |> Backoff.union long))
    Assert.Equal<TimeSpan list>([ ms 50. ], Backoff.take (Random 1) 5 (short |> Backoff.intersect long))
    Assert.Equal<TimeSpan list>([ ms 10.; ms 50.; ms 50. ], Backoff.take (Random 1) 5 (short |> Backoff.andThen long))

[<Fact>]
let ``maxElapsed, retryWhile and custom steps`` () =
    Assert.Equal<TimeSpan list>([ ms 10.; ms 10. ], Backoff.take (Random 1) 5 (Backoff.constant (ms 10.) |> Backoff.maxElapsed (ms 25.)))
    let onlyTimeouts = Backoff.immediate |> Backoff.retryWhile (fun e -> e :? TimeoutError)
    let input error = BackoffInput(1, error, TimeSpan.Zero, TimeSpan.Zero, Random 1, null)
    Assert.True((onlyTimeouts.Next(input (TimeoutError(ms 1.)))).ShouldRetry)
    Assert.False((onlyTimeouts.Next(input (LanguageExt.Common.Error.New "no"))).ShouldRetry)
    let custom =
        Backoff.ofFunction "twice" (fun i ->
            if i.Attempt <= 2 then Backoff.retryDecision (ms (float i.Attempt)) TimeSpan.MaxValue null
            else Backoff.stopDecision null)
    Assert.Equal<TimeSpan list>([ ms 1.; ms 2. ], Backoff.take (Random 1) 5 custom)
    Assert.Equal("twice", Backoff.describe custom)

[<Fact>]
let ``a LanguageExt schedule's durations become the delays`` () =
    let schedule = LanguageExt.Schedule.op_BitwiseOr(LanguageExt.Schedule.linear (LanguageExt.Duration 10.), LanguageExt.Schedule.recurs 3)
    Assert.Equal<TimeSpan list>([ ms 10.; ms 20.; ms 30. ], Backoff.take (Random 1) 10 (Backoff.ofLanguageExt schedule))

// The backoff bound: jittered, capped delays lie in [0, cap] for any retry number, however large.
[<Property(MaxTest = 1000)>]
let ``capped and jittered delays stay within zero and the cap`` (PositiveInt attempt) (seed: int) (NonNegativeInt baseMs) (NonNegativeInt capMs) (factor: NormalFloat) =
    let cap = ms (float capMs)
    let factor = 1. + abs (float factor) % 10.
    let bases = [ Backoff.exponential (ms (float baseMs)); Backoff.exponentialBy factor (ms (float baseMs)); Backoff.linear (ms (float baseMs)); Backoff.fibonacci (ms (float baseMs)) ]
    let jitters = [ id; Backoff.fullJitter; Backoff.equalJitter ]
    [ for b in bases do
        for jitter in jitters do
            for n in [ attempt; Int32.MaxValue - attempt + 1 ] do
                yield Backoff.delay (Random seed) n (b |> Backoff.capDelay cap |> jitter) ]
    |> List.forall (function
        | Some d -> d >= TimeSpan.Zero && d <= cap
        | None -> false)

[<Property(MaxTest = 1000)>]
let ``uncapped delays are never negative, even for huge retry numbers`` (PositiveInt attempt) (seed: int) (PositiveInt baseMs) =
    [ Backoff.exponential; Backoff.exponentialBy 10.; Backoff.linear; Backoff.fibonacci ]
    |> List.collect (fun make ->
        [ attempt; Int32.MaxValue - attempt + 1 ]
        |> List.map (fun n -> Backoff.delay (Random seed) n (make (ms (float baseMs)) |> Backoff.fullJitter)))
    |> List.forall (function
        | Some d -> d >= TimeSpan.Zero
        | None -> false)

[<Property(MaxTest = 1000)>]
let ``decorrelated jitter stays within the base and the cap`` (seed: int) (NonNegativeInt baseMs) (NonNegativeInt extraMs) =
    let low, cap = ms (float baseMs), ms (float (baseMs + extraMs))
    Backoff.decorrelatedJitter low cap
    |> Backoff.take (Random seed) 50
    |> List.forall (fun d -> d >= low && d <= cap)
