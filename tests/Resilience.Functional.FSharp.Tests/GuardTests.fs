/// Timeout, bulkhead and rate limiter modules. System.Threading is opened on purpose: its Timeout class must not
/// hide the F# Timeout module.
module Resilience.Functional.FSharp.Tests.GuardTests

open System
open System.Threading
open System.Threading.RateLimiting
open Microsoft.Extensions.Time.Testing
open Xunit
open Resilience.Functional
open Resilience.Functional.FSharp
open Resilience.Functional.FSharp.Tests.PatternHelpers

[<Fact>]
let ``Timeout.withOptions cancels at the deadline on the injected clock`` () =
    let time = FakeTimeProvider()
    let gate = Gate<int>()
    let pending = gate.Operation |> Timeout.withOptions (TimeoutOptions(Timeout = TimeSpan.FromSeconds 2., TimeProvider = time)) |> start
    Assert.False(pending.IsCompleted)
    time.Advance(TimeSpan.FromSeconds 2.)
    Assert.True(Helpers.errorOf (finish pending) :? TimeoutError)

[<Fact>]
let ``Timeout.after passes a prompt result through, next to System.Threading.Timeout`` () =
    Assert.Equal(Ok 3, Op.succeed 3 |> Timeout.after (TimeSpan.FromSeconds 2.) |> Helpers.runSync)
    Assert.Equal(TimeSpan.FromMilliseconds -1., Timeout.InfiniteTimeSpan)
    Assert.Equal(-1, Timeout.Infinite)

[<Fact>]
let ``Bulkhead.guard rejects beyond its slots and queue`` () =
    let bulkhead = Bulkhead.create (BulkheadOptions(MaxConcurrency = 1))
    let gate = Gate<int>()
    let first = gate.Operation |> Bulkhead.guard bulkhead |> start
    Assert.Equal(1, Bulkhead.inUse bulkhead)
    Assert.Equal(0, Bulkhead.available bulkhead)
    Assert.True(Helpers.errorOf (gate.Operation |> Bulkhead.guard bulkhead |> Helpers.runSync) :? BulkheadFullError)
    gate.Release 5
    Assert.Equal(Ok 5, finish first)
    Assert.Equal(0, Bulkhead.inUse bulkhead)
    Assert.Equal(0, Bulkhead.queued bulkhead)
    Assert.Equal(None, Bulkhead.maxQueueWait bulkhead)
    Assert.Throws<ArgumentOutOfRangeException>(fun () -> Bulkhead.create (BulkheadOptions(MaxConcurrency = 0)) |> ignore) |> ignore

[<Fact>]
let ``RateLimiter.guard spends the bucket's tokens and refills on the clock`` () =
    let time = FakeTimeProvider()
    let bucket = RateLimiter.tokenBucket (TokenBucketOptions(TokensPerPeriod = 1, Period = TimeSpan.FromSeconds 1., Burst = 1, TimeProvider = time))
    let limited = Op.succeed 1 |> RateLimiter.guard bucket
    Assert.Equal(Ok 1, Helpers.runSync limited)
    match Helpers.runSync limited with
    | Error(:? RateLimitedError as e) -> Assert.Equal(Some(TimeSpan.FromSeconds 1.), Op.retryAfter e)
    | other -> failwithf "expected RateLimitedError, got %A" other
    Assert.Equal(Error(TimeSpan.FromSeconds 1.), RateLimiter.tryAcquire bucket)
    time.Advance(TimeSpan.FromSeconds 1.)
    Assert.Equal(1., RateLimiter.availableTokens bucket)
    Assert.Equal(Ok(), RateLimiter.tryAcquire bucket)
    let waiting = Op.succeed 2 |> RateLimiter.guardWaiting (TimeSpan.FromSeconds 5.) bucket |> start
    Assert.False(waiting.IsCompleted)
    time.Advance(TimeSpan.FromSeconds 1.)
    Assert.Equal(Ok 2, finish waiting)

[<Fact>]
let ``RateLimiter.guardWith runs under any System.Threading.RateLimiting limiter`` () =
    use limiter = new ConcurrencyLimiter(ConcurrencyLimiterOptions(PermitLimit = 1, QueueLimit = 0))
    let held = limiter.AttemptAcquire 1
    Assert.True(held.IsAcquired)
    Assert.True(Helpers.errorOf (Op.succeed 1 |> RateLimiter.guardWith limiter |> Helpers.runSync) :? RateLimitedError)
    held.Dispose()
    Assert.Equal(Ok 1, Op.succeed 1 |> RateLimiter.guardWith limiter |> Helpers.runSync)

[<Fact>]
let ``ConcurrencyLimit.guard sheds beyond the limit and drops lower it`` () =
    let time = FakeTimeProvider()
    let limiter =
        ConcurrencyLimit.create (
            AdaptiveConcurrencyOptions(InitialLimit = 2, Algorithm = AimdOptions(BackoffRatio = 0.5), TimeProvider = time))
    let gate = Gate<int>()
    let first = gate.Operation |> ConcurrencyLimit.guard limiter |> start
    let second = gate.Operation |> ConcurrencyLimit.guard limiter |> start
    Assert.Equal(2, ConcurrencyLimit.inFlight limiter)
    match Helpers.errorOf (gate.Operation |> ConcurrencyLimit.guard limiter |> Helpers.runSync) with
    | :? ConcurrencyLimitExceededError as e -> Assert.Equal(2, e.Limit)
    | other -> failwithf "expected ConcurrencyLimitExceededError, got %A" other
    gate.Release 5
    Assert.Equal(Ok 5, finish first)
    Assert.Equal(Ok 5, finish second)
    Assert.Equal(0, ConcurrencyLimit.queued limiter)
    Assert.Equal(None, ConcurrencyLimit.maxQueueWait limiter)
    (Op.fail (HttpStatusError 503) : Operation<int>) |> ConcurrencyLimit.guard limiter |> Helpers.runSync |> ignore
    Assert.True(ConcurrencyLimit.limit limiter < 2)
    Assert.Throws<ArgumentOutOfRangeException>(fun () ->
        ConcurrencyLimit.create (AdaptiveConcurrencyOptions(InitialLimit = 5, MaxLimit = 4)) |> ignore) |> ignore
