/// Patterns composed by piping, as in the issue's example.
module Resilience.Functional.FSharp.Tests.PipelineTests

open System
open System.Threading
open Xunit
open Resilience.Functional
open Resilience.Functional.FSharp
open Resilience.Functional.FSharp.Tests.PatternHelpers

[<Fact>]
let ``retry, breaker and timeout pipe onto an operation`` () =
    let script = Scripted [ Error transient; Ok "ok" ]
    let op = script.Operation
    let b = Backoff.exponential (TimeSpan.FromMilliseconds 1.) |> Backoff.maxRetries 3 |> Backoff.capDelay TimeSpan.Zero
    let cb = CircuitBreaker.create (CircuitBreakerOptions(ConsecutiveFailures = 5))
    let resilientOp = op |> Retry.withBackoff b |> CircuitBreaker.guard cb |> Timeout.after (TimeSpan.FromSeconds 2.)
    Assert.Equal(Ok "ok", Helpers.runSync resilientOp)
    Assert.Equal(2, script.Calls)
    Assert.Equal(CircuitState.Closed, CircuitBreaker.state cb)

[<Fact>]
let ``a UnitOperation pipes through the pattern modules`` () =
    let chaos = Chaos.controller (ChaosOptions(Enabled = false))
    let result =
        Op.ofAction ignore
        |> Retry.withBackoff (Backoff.immediate |> Backoff.maxRetries 1)
        |> Timeout.after (TimeSpan.FromSeconds 2.)
        |> Bulkhead.guard (Bulkhead.create (BulkheadOptions()))
        |> Chaos.injectFault chaos 1.0 permanent
        |> Hedging.after (TimeSpan.FromSeconds 2.)
        |> Fallback.toValue LanguageExt.Unit.Default
        |> Helpers.runSync
    Assert.Equal(Ok LanguageExt.Unit.Default, result)
