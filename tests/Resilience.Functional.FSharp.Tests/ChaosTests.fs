module Resilience.Functional.FSharp.Tests.ChaosTests

open System
open Microsoft.Extensions.Time.Testing
open Xunit
open Resilience.Functional
open Resilience.Functional.FSharp
open Resilience.Functional.FSharp.Tests.PatternHelpers

[<Fact>]
let ``injected faults and results replace the call while enabled`` () =
    let chaos = Chaos.controller (ChaosOptions(Random = Random 42))
    let script = Scripted [ Ok 1 ]
    Assert.Equal(Error permanent, script.Operation |> Chaos.injectFault chaos 1.0 permanent |> Helpers.runSync)
    Assert.Equal(Ok 7, script.Operation |> Chaos.injectResult chaos 1.0 (Ok 7) |> Helpers.runSync)
    Assert.Equal(Error transient, script.Operation |> Chaos.injectResult chaos 1.0 (Error transient) |> Helpers.runSync)
    Assert.Equal(0, script.Calls)
    Chaos.setEnabled false chaos
    Assert.False(Chaos.isEnabled chaos)
    Assert.Equal(Ok 1, script.Operation |> Chaos.injectFault chaos 1.0 permanent |> Helpers.runSync)
    Assert.Equal(1, script.Calls)
    Assert.Throws<ArgumentOutOfRangeException>(fun () -> Op.succeed 1 |> Chaos.injectFault chaos 0. permanent |> ignore) |> ignore

[<Fact>]
let ``injected latency runs on the controller's clock`` () =
    let time = FakeTimeProvider()
    let chaos = Chaos.controller (ChaosOptions(Random = Random 42, TimeProvider = time))
    let pending = Op.succeed 3 |> Chaos.injectLatency chaos 1.0 (TimeSpan.FromSeconds 2.) |> start
    Assert.False(pending.IsCompleted)
    time.Advance(TimeSpan.FromSeconds 2.)
    Assert.Equal(Ok 3, finish pending)
