/// Opening the package (and the core) must leave FSharp.Core's Result, Ok and Error as they are: this file would
/// not compile, or the assertions would fail, if either namespace re-exported a type or case named Result or Error.
module Resilience.Functional.FSharp.Tests.ShadowingTests

open Xunit
open Resilience.Functional
open Resilience.Functional.FSharp

let parse (text: string) : Result<int, string> =
    match System.Int32.TryParse text with
    | true, n -> Ok n
    | _ -> Error(sprintf "not a number: %s" text)

[<Fact>]
let ``Result.Error and Error are FSharp.Core's after opening the package`` () =
    let failed: Result<int, string> = Result.Error "no"
    Assert.Equal(Error "no", failed)
    Assert.Equal(typedefof<Result<int, string>>, failed.GetType().GetGenericTypeDefinition())
    Assert.Equal(Ok 3, parse "3" |> Result.map id)
    match parse "x" with
    | Error message -> Assert.Equal("not a number: x", message)
    | Ok _ -> failwith "expected Error"

[<Fact>]
let ``an operation's failure is an F# Result.Error carrying the core's error`` () =
    let result = Op.fail<int> (LanguageExt.Common.Error.New "down") |> Helpers.runSync
    match result with
    | Error (e: ResilienceError) -> Assert.Equal("down", e.Message)
    | Ok _ -> failwith "expected Error"
    Assert.True(result |> Result.isError)

[<Fact>]
let ``the F# Op module and the core's Op class are both reachable`` () =
    Assert.Equal(Ok 1, Helpers.runSync (Op.succeed 1))
    Assert.Equal(Ok 2, Helpers.runSync (Resilience.Functional.Op.Succeed 2))

[<Fact>]
let ``FSharp.Core's Option and LanguageExt's Option do not meet unless LanguageExt is opened`` () =
    let hint: System.TimeSpan option = Op.retryAfter (LanguageExt.Common.Error.New "x")
    Assert.Equal(None, hint)
    Assert.True((Some 1).IsSome)

/// The pattern modules share names with .NET and core types (System.Threading.Timeout,
/// System.Threading.RateLimiting.RateLimiter, the core's CircuitBreaker, Bulkhead and Backoff classes); opened after
/// the package, those types must leave the modules' functions reachable, and their own members too.
module AfterTheBclNamespaces =
    open System
    open Resilience.Functional.FSharp
    open Resilience.Functional
    open System.Threading
    open System.Threading.RateLimiting

    [<Fact>]
    let ``Timeout, RateLimiter, CircuitBreaker, Bulkhead and Backoff resolve to both module and type`` () =
        let backoff = Backoff.constant TimeSpan.Zero |> Backoff.maxRetries 1
        let breaker = CircuitBreaker.create (CircuitBreakerOptions())
        let bulkhead = Bulkhead.create (BulkheadOptions())
        let bucket = RateLimiter.tokenBucket (TokenBucketOptions())
        let op =
            Op.succeed 1
            |> Retry.withBackoff backoff
            |> CircuitBreaker.guard breaker
            |> Bulkhead.guard bulkhead
            |> RateLimiter.guard bucket
            |> Timeout.after (TimeSpan.FromSeconds 2.)
        Assert.Equal(Ok 1, Helpers.runSync op)
        Assert.Equal(Timeout.InfiniteTimeSpan, TimeSpan.FromMilliseconds -1.)
        Assert.Equal(Backoff.Never, Backoff.never)
        let limiter: RateLimiter = new ConcurrencyLimiter(ConcurrencyLimiterOptions(PermitLimit = 1, QueueLimit = 0))
        Assert.Equal(Ok 2, Op.succeed 2 |> RateLimiter.guardWith limiter |> Helpers.runSync)
        limiter.Dispose()
