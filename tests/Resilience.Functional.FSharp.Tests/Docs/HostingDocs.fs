/// The F# code of docs/hosting.md, compiled and run: F# registers the same policies, with no helper of its own.
module Resilience.Functional.FSharp.Tests.Docs.HostingDocs

open System
open System.Collections.Generic
open Microsoft.Extensions.Configuration
open Microsoft.Extensions.DependencyInjection
open Xunit
open Resilience.Functional
open Resilience.Functional.DependencyInjection
open Resilience.Functional.FSharp
open Resilience.Functional.FSharp.Tests.Helpers

let configuration =
    ConfigurationBuilder()
        .AddInMemoryCollection(
            dict [ "Resilience:Policies:payments:Timeout:Timeout", "2s"
                   "Resilience:Policies:payments:CircuitBreaker:ConsecutiveFailures", "5" ])
        .Build()

let services = ServiceCollection()
services.AddSingleton<IConfiguration>(configuration) |> ignore

// snippet: hosting-fsharp
services
    .AddResiliencePolicy("orders", fun policy ->
        policy
            .AddTimeout(TimeoutOptions(Timeout = TimeSpan.FromSeconds 2.))
            .AddRetry(RetryOptions(Backoff = (Backoff.immediate |> Backoff.maxRetries 2)))
            .AddCircuitBreaker(CircuitBreakerOptions(ConsecutiveFailures = 5))
        |> ignore)
    .AddResiliencePolicyFromConfiguration("payments")
|> ignore

let provider = services.BuildServiceProvider()
let registry = provider.GetRequiredService<ResiliencePolicyRegistry>()

let placeOrder (sku: string) : Operation<string> = Op.succeed $"ordered {sku}"

let resilientOrder sku = placeOrder sku |> registry.Get("orders").Wrap
// end snippet

[<Fact>]
let ``F# registers policies in code and from configuration, and runs operations through them`` () =
    Assert.Equal(Ok "ordered apple", runSync (resilientOrder "apple"))
    let payments = provider.GetRequiredKeyedService<ResiliencePolicy>("payments")
    Assert.Equal("Resilience:Policies:payments", payments.ConfigurationPath)
    Assert.Equal<string list>(
        [ "orders.circuit-breaker"; "payments.circuit-breaker" ],
        registry.Parts |> Seq.map (fun p -> p.Name) |> List.ofSeq)
