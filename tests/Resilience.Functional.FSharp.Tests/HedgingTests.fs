module Resilience.Functional.FSharp.Tests.HedgingTests

open System
open System.Threading.Tasks
open Microsoft.Extensions.Time.Testing
open Xunit
open Resilience.Functional
open Resilience.Functional.FSharp
open Resilience.Functional.FSharp.Tests.PatternHelpers

[<Fact>]
let ``hedge starts a second attempt after the delay; the first answer wins`` () =
    let time = FakeTimeProvider()
    let slow = TaskCompletionSource<string>()
    let mutable calls = 0
    let operation =
        Op.ofTask (fun ct ->
            calls <- calls + 1
            if calls = 1 then
                ct.Register(fun () -> slow.TrySetCanceled ct |> ignore) |> ignore
                slow.Task
            else
                Task.FromResult "hedge")
    let pending = operation |> Hedging.hedge (HedgingOptions(Delay = TimeSpan.FromSeconds 1., TimeProvider = time)) |> start
    Assert.False(pending.IsCompleted)
    time.Advance(TimeSpan.FromSeconds 1.)
    Assert.Equal(Ok "hedge", finish pending)
    Assert.Equal(2, calls)
    Assert.True(slow.Task.IsCanceled)

[<Fact>]
let ``after hedges at once on a transient failure`` () =
    let script = Scripted [ Error transient; Ok 2 ]
    Assert.Equal(Ok 2, script.Operation |> Hedging.after (TimeSpan.FromHours 1.) |> Helpers.runSync)
    Assert.Equal(2, script.Calls)
