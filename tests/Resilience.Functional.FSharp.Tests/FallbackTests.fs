module Resilience.Functional.FSharp.Tests.FallbackTests

open System
open System.Threading
open Microsoft.Extensions.Time.Testing
open Xunit
open Resilience.Functional
open Resilience.Functional.FSharp
open Resilience.Functional.FSharp.Tests.PatternHelpers

let failing<'T> : Operation<'T> = Op.fail<'T> transient

[<Fact>]
let ``toValue, toOperation and onError answer for a failed operation`` () =
    Assert.Equal(Ok 0, failing |> Fallback.toValue 0 |> Helpers.runSync)
    Assert.Equal(Ok 1, Op.succeed 1 |> Fallback.toValue 0 |> Helpers.runSync)
    Assert.Equal(Ok 2, failing |> Fallback.toOperation (Op.succeed 2) |> Helpers.runSync)
    let byError = Fallback.onError (fun (e: ResilienceError) -> Op.succeed (e.GetType().Name))
    Assert.Equal(Ok "TimeoutError", failing |> byError |> Helpers.runSync)

[<Fact>]
let ``the caller's cancellation never falls back`` () =
    use cancelled = new CancellationTokenSource()
    cancelled.Cancel()
    let result = failing |> Fallback.toValue 0 |> Helpers.runWith cancelled.Token
    Assert.True(Helpers.errorOf result :? CancelledError)

[<Fact>]
let ``withOptions falls back only for the errors it selects; tagged forms say where the value came from`` () =
    let options = FallbackOptions<int>(Func<_, _>(fun _ -> Op.succeed 9), ShouldHandle = Func<_, _>(fun e -> e :? TimeoutError))
    Assert.Equal(Ok 9, failing |> Fallback.withOptions options |> Helpers.runSync)
    Assert.Equal(Error permanent, Op.fail permanent |> Fallback.withOptions options |> Helpers.runSync)
    Assert.Equal(Ok(Fallback.servedFallback 9), failing |> Fallback.withOptionsTagged options |> Helpers.runSync)
    Assert.Equal(Ok(Fallback.servedFallback 3), failing |> Fallback.toOperationTagged (Op.succeed 3) |> Helpers.runSync)
    Assert.Equal(Ok(Fallback.servedPrimary 4), Op.succeed 4 |> Fallback.toOperationTagged (Op.succeed 3) |> Helpers.runSync)
    Assert.Equal(Ok 4, Op.succeed 4 |> Fallback.toOperationTagged (Op.succeed 3) |> Fallback.untag |> Helpers.runSync)

[<Fact>]
let ``lastKnownGood serves the stored value while fresh`` () =
    let time = FakeTimeProvider()
    let cache = Fallback.lastKnownGoodCache<string, int> (LastKnownGoodOptions(MaxStaleness = TimeSpan.FromMinutes 1., TimeProvider = time))
    let script = Scripted [ Ok 5; Error transient ]
    let call = script.Operation |> Fallback.lastKnownGood cache "k"
    Assert.Equal(Ok 5, Helpers.runSync call)
    time.Advance(TimeSpan.FromSeconds 30.)
    Assert.Equal(Ok 5, Helpers.runSync call)
    Assert.Equal(Ok(Fallback.servedStale (TimeSpan.FromSeconds 30.) 5), script.Operation |> Fallback.lastKnownGoodTagged cache "k" |> Helpers.runSync)
    time.Advance(TimeSpan.FromSeconds 31.)
    Assert.Equal(Error transient, Helpers.runSync call)
