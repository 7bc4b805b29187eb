module Resilience.Functional.FSharp.Tests.ClassifierTests

open System
open System.IO
open Xunit
open Resilience.Functional
open Resilience.Functional.FSharp

let validation = LanguageExt.Common.Error.New "invalid"
let timeout = TimeoutError(TimeSpan.FromSeconds 1.) :> ResilienceError

[<Fact>]
let ``the default deems timeouts transient and plain errors permanent`` () =
    Assert.True(Classifier.isTransient Classifier.defaults timeout)
    Assert.False(Classifier.isTransient Classifier.defaults validation)

[<Fact>]
let ``create, orWhen and except refine a classifier by piping`` () =
    let classifier =
        Classifier.create (fun e -> e.Message = "flaky")
        |> Classifier.orWhen (fun e -> e.Message = "invalid")
        |> Classifier.except (fun e -> e.Message = "flaky")
    Assert.True(Classifier.isTransient classifier validation)
    Assert.False(Classifier.isTransient classifier (LanguageExt.Common.Error.New "flaky"))
    Assert.False(Classifier.isTransient classifier CancelledError.Instance)

[<Fact>]
let ``HTTP statuses and exceptions are classified like the core`` () =
    Assert.True(Classifier.isTransientHttpStatus 503)
    Assert.True(Classifier.isTransientHttpStatus 429)
    Assert.False(Classifier.isTransientHttpStatus 404)
    Assert.Equal(ErrorClassifier.IsTransientException(IOException()), Classifier.isTransientException (IOException()))
