/// The code of docs/fsharp.md, compiled and run; the page shows the regions between the snippet markers.
module Resilience.Functional.FSharp.Tests.Docs.FSharpDocs

open System
open System.Threading
open System.Threading.Tasks
open Xunit
open Resilience.Functional
open Resilience.Functional.FSharp
open Resilience.Functional.Stores

// snippet: fsharp-quote
let fetchPrice (sku: string) : Operation<decimal> =
    Op.ofTask (fun ct -> Task.FromResult(if sku = "apple" then 1.25m else 2.50m))

let fetchStock (sku: string) : Operation<int> = Op.ofAsync (async { return sku.Length })

let quote (sku: string) : Operation<string> =
    resilient {
        let! price = fetchPrice sku
        and! stock = fetchStock sku // both calls run concurrently
        if stock = 0 then
            return! Op.fail (LanguageExt.Common.Error.New "out of stock")
        else
            return sprintf "%s: %M (%d left)" sku price stock
    }

let backoff =
    Backoff.exponential (TimeSpan.FromMilliseconds 100.)
    |> Backoff.capDelay (TimeSpan.FromSeconds 2.)
    |> Backoff.fullJitter
    |> Backoff.maxRetries 3

let resilientQuote (breaker: CircuitBreaker) (sku: string) : Operation<string> =
    quote sku
    |> Timeout.after (TimeSpan.FromSeconds 2.) // per attempt: inside the retry
    |> Retry.withBackoff backoff
    |> CircuitBreaker.guard breaker
    |> Fallback.toValue $"{sku}: unavailable"

let quoteOnce (store: IIdempotencyStore) (breaker: CircuitBreaker) (requestId: string) (sku: string) : Operation<string> =
    resilientQuote breaker sku |> Idempotency.guard (Idempotency.policy store) requestId |> Idempotency.value
// end snippet

[<Fact>]
let ``the docs example runs`` () =
    let store = Idempotency.inMemoryStore 1_000
    let breaker = CircuitBreaker.create (CircuitBreakerOptions())
    let result = (quoteOnce store breaker "request-1" "apple" |> Op.run CancellationToken.None).Result
    match result with
    | Ok text -> Assert.Equal("apple: 1.25 (5 left)", text)
    | Error error -> failwith error.Message

[<Fact>]
let ``the docs example falls back when the quote fails`` () =
    let breaker = CircuitBreaker.create (CircuitBreakerOptions())
    let result = (resilientQuote breaker "" |> Op.run CancellationToken.None).Result
    Assert.Equal(Ok ": unavailable", result)
    Assert.Equal(CircuitState.Closed, CircuitBreaker.state breaker)

// snippet: fsharp-policy
/// One policy per downstream dependency, built once, applied to operations of any type.
let inventory: Policy =
    Policy.pipeline
        [ Policy.timeout (TimeoutOptions(Timeout = TimeSpan.FromSeconds 5.)) // the whole call, retries included
          Policy.retry (RetryOptions(Backoff = backoff))
          Policy.timeout (TimeoutOptions(Timeout = TimeSpan.FromSeconds 1.)) ] // each attempt
    |> Policy.named "inventory"

let stock (sku: string) : Operation<int> = fetchStock sku |> Policy.apply inventory
let price (sku: string) : Operation<decimal> = fetchPrice sku |> Policy.apply inventory
// end snippet

[<Fact>]
let ``the docs policy example runs and describes itself`` () =
    Assert.Equal(Ok 5, (stock "apple" |> Op.run CancellationToken.None).Result)
    Assert.Equal(Ok 1.25m, (price "apple" |> Op.run CancellationToken.None).Result)
    Assert.StartsWith("inventory: pipeline of 3 layer(s)", Policy.describe inventory)
