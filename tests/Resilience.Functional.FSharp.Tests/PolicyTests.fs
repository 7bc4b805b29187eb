/// The Policy module: each factory applied to an operation behaves as its pattern's combinator.
module Resilience.Functional.FSharp.Tests.PolicyTests

open System
open Microsoft.Extensions.Time.Testing
open Xunit
open Resilience.Functional
open Resilience.Functional.FSharp
open Resilience.Functional.FSharp.Tests.PatternHelpers

let private immediateRetry = RetryOptions(Backoff = (Backoff.immediate |> Backoff.maxRetries 3))

[<Fact>]
let ``retry retries transient errors of any operation it is applied to`` () =
    let policy = Policy.retry immediateRetry
    let numbers = Scripted [ Error transient; Ok 7 ]
    let texts = Scripted [ Error transient; Error transient; Ok "done" ]
    Assert.Equal(Ok 7, numbers.Operation |> Policy.apply policy |> Helpers.runSync)
    Assert.Equal(Ok "done", texts.Operation |> Policy.apply policy |> Helpers.runSync)
    Assert.Equal(2, numbers.Calls)
    Assert.Equal(3, texts.Calls)
    Assert.Equal("retry", Policy.name policy)

[<Fact>]
let ``circuitBreaker shares its breaker between the operations it guards`` () =
    let breaker = CircuitBreaker.create (CircuitBreakerOptions(ConsecutiveFailures = 1, TimeProvider = FakeTimeProvider()))
    let policy = Policy.circuitBreaker breaker
    let failing = Scripted<int> [ Error transient ]
    let other = Scripted [ Ok "never" ]
    Assert.Equal(Error transient, failing.Operation |> Policy.apply policy |> Helpers.runSync)
    Assert.True(Helpers.errorOf (other.Operation |> Policy.apply policy |> Helpers.runSync) :? CircuitOpenError)
    Assert.Equal(0, other.Calls)

[<Fact>]
let ``timeout fails a slow call at the deadline on the injected clock`` () =
    let time = FakeTimeProvider()
    let gate = Gate<int>()
    let pending = gate.Operation |> Policy.apply (Policy.timeout (TimeoutOptions(Timeout = TimeSpan.FromSeconds 2., TimeProvider = time))) |> start
    Assert.False(pending.IsCompleted)
    time.Advance(TimeSpan.FromSeconds 2.)
    Assert.True(Helpers.errorOf (finish pending) :? TimeoutError)

[<Fact>]
let ``bulkhead rejects beyond its slots across operations`` () =
    let policy = Policy.bulkhead (Bulkhead.create (BulkheadOptions(MaxConcurrency = 1)))
    let gate = Gate<int>()
    let first = gate.Operation |> Policy.apply policy |> start
    Assert.True(Helpers.errorOf (Op.succeed "x" |> Policy.apply policy |> Helpers.runSync) :? BulkheadFullError)
    gate.Release 5
    Assert.Equal(Ok 5, finish first)
    Assert.Equal(Ok "x", Op.succeed "x" |> Policy.apply policy |> Helpers.runSync)

[<Fact>]
let ``concurrencyLimit sheds beyond the limit across operations`` () =
    let policy = Policy.concurrencyLimit (ConcurrencyLimit.create (AdaptiveConcurrencyOptions(InitialLimit = 1, MaxLimit = 1)))
    let gate = Gate<int>()
    let first = gate.Operation |> Policy.apply policy |> start
    Assert.True(Helpers.errorOf (Op.succeed "x" |> Policy.apply policy |> Helpers.runSync) :? ConcurrencyLimitExceededError)
    gate.Release 5
    Assert.Equal(Ok 5, finish first)
    Assert.Equal(Ok "x", Op.succeed "x" |> Policy.apply policy |> Helpers.runSync)

let private bucketOn (time: TimeProvider) =
    RateLimiter.tokenBucket (TokenBucketOptions(TokensPerPeriod = 1, Period = TimeSpan.FromSeconds 1., Burst = 1, TimeProvider = time))

[<Fact>]
let ``rateLimiter rejects at once beyond the bucket's rate`` () =
    let policy = Policy.rateLimiter (bucketOn (FakeTimeProvider()))
    Assert.Equal(Ok 1, Op.succeed 1 |> Policy.apply policy |> Helpers.runSync)
    Assert.True(Helpers.errorOf (Op.succeed 2 |> Policy.apply policy |> Helpers.runSync) :? RateLimitedError)

[<Fact>]
let ``rateLimiterWaiting waits for the next token`` () =
    let time = FakeTimeProvider()
    let policy = Policy.rateLimiterWaiting (TimeSpan.FromSeconds 5.) (bucketOn time)
    Assert.Equal(Ok 1, Op.succeed 1 |> Policy.apply policy |> Helpers.runSync)
    let waiting = Op.succeed 2 |> Policy.apply policy |> start
    Assert.False(waiting.IsCompleted)
    time.Advance(TimeSpan.FromSeconds 1.)
    Assert.Equal(Ok 2, finish waiting)
    Assert.Throws<ArgumentOutOfRangeException>(fun () -> Policy.rateLimiterWaiting TimeSpan.Zero (bucketOn time) |> ignore)
    |> ignore

[<Fact>]
let ``hedging starts another attempt when the first fails`` () =
    let script = Scripted [ Error transient; Ok 2 ]
    let policy = Policy.hedging (HedgingOptions(Delay = Threading.Timeout.InfiniteTimeSpan, TimeProvider = FakeTimeProvider()))
    Assert.Equal(Ok 2, script.Operation |> Policy.apply policy |> Helpers.runSync)
    Assert.Equal(2, script.Calls)
    Assert.Equal("hedging", Policy.name policy)

[<Fact>]
let ``chaosFault replaces the call with the error while enabled`` () =
    let chaos = Chaos.controller (ChaosOptions(Random = Random 42))
    let policy = Policy.chaosFault chaos 1.0 permanent
    let script = Scripted [ Ok 1 ]
    Assert.Equal(Error permanent, script.Operation |> Policy.apply policy |> Helpers.runSync)
    Assert.Equal(0, script.Calls)
    Chaos.setEnabled false chaos
    Assert.Equal(Ok 1, script.Operation |> Policy.apply policy |> Helpers.runSync)
    Assert.Equal("chaos-fault", Policy.name policy)

[<Fact>]
let ``chaosLatency delays the call on the controller's clock`` () =
    let time = FakeTimeProvider()
    let chaos = Chaos.controller (ChaosOptions(Random = Random 42, TimeProvider = time))
    let pending = Op.succeed 3 |> Policy.apply (Policy.chaosLatency chaos 1.0 (TimeSpan.FromSeconds 2.)) |> start
    Assert.False(pending.IsCompleted)
    time.Advance(TimeSpan.FromSeconds 2.)
    Assert.Equal(Ok 3, finish pending)

[<Fact>]
let ``pipeline composes its layers outermost first; the empty pipeline is the identity`` () =
    let time = FakeTimeProvider()
    // A timeout outside the retry bounds every attempt together; inside it, each attempt alone.
    let total =
        Policy.pipeline [ Policy.timeout (TimeoutOptions(Timeout = TimeSpan.FromSeconds 1., TimeProvider = time)); Policy.retry immediateRetry ]
    let gate = Gate<int>()
    let pending = gate.Operation |> Policy.apply total |> start
    time.Advance(TimeSpan.FromSeconds 1.)
    Assert.True(Helpers.errorOf (finish pending) :? TimeoutError)
    Assert.Equal(1, gate.Calls)
    let perAttempt =
        Policy.pipeline [ Policy.retry immediateRetry; Policy.timeout (TimeoutOptions(Timeout = TimeSpan.FromSeconds 1., TimeProvider = time)) ]
    let slowFirst = Gate<int>()
    let mutable calls = 0
    let flaky =
        Op.create (fun ct ->
            calls <- calls + 1
            if calls = 1 then slowFirst.Operation.Invoke ct else Threading.Tasks.ValueTask<_>(LanguageExt.Either<ResilienceError, int>.Right 4))
    let running = flaky |> Policy.apply perAttempt |> start
    time.Advance(TimeSpan.FromSeconds 1.)
    Assert.Equal(Ok 4, finish running)
    Assert.Equal(2, calls)
    Assert.Equal(Ok 9, Op.succeed 9 |> Policy.apply (Policy.pipeline []) |> Helpers.runSync)
    Assert.StartsWith("pipeline: pipeline of 2 layer(s)", Policy.describe total)

[<Fact>]
let ``named and describe rename a policy without changing it`` () =
    let policy = Policy.retry immediateRetry |> Policy.named "payments-retry"
    Assert.Equal("payments-retry", Policy.name policy)
    Assert.StartsWith("payments-retry: Retry(", Policy.describe policy)
    let script = Scripted [ Error transient; Ok 1 ]
    Assert.Equal(Ok 1, script.Operation |> Policy.apply policy |> Helpers.runSync)
    Assert.Throws<ArgumentException>(fun () -> Policy.named " " policy |> ignore) |> ignore

let private layerNames (policy: Policy) =
    (Policy.describe policy).Split('\n')
    |> Array.skip 1
    |> Array.map (fun line -> line.Trim().Split(' ').[1].TrimEnd(':'))
    |> List.ofArray

[<Fact>]
let ``standard is the preset pipeline, and applies to any operation`` () =
    let standard = Policy.standard ()
    Assert.Equal("standard", Policy.name standard)
    Assert.Equal<string list>(
        [ "rate-limiter"; "total-timeout"; "retry"; "circuit-breaker"; "attempt-timeout" ],
        layerNames standard
    )
    Assert.Equal(Ok "up", Op.succeed "up" |> Policy.apply standard |> Helpers.runSync)

[<Fact>]
let ``standardWith takes its settings and validates them at construction`` () =
    let noRateLimit = Policy.standardWith (StandardPipelineOptions(RateLimit = null, TimeProvider = FakeTimeProvider()))
    Assert.Equal<string list>([ "total-timeout"; "retry"; "circuit-breaker"; "attempt-timeout" ], layerNames noRateLimit)
    let tooLong = StandardPipelineOptions(AttemptTimeout = TimeoutOptions(Timeout = TimeSpan.FromMinutes 1.))
    let error = Assert.Throws<ArgumentOutOfRangeException>(fun () -> Policy.standardWith tooLong |> ignore)
    Assert.Equal("AttemptTimeout", error.ParamName)
