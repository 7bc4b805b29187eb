/// The code of src/Resilience.Functional.FSharp/README.md (the package's README), compiled and run;
/// PackageReadmeTests in Resilience.Functional.Tests checks that the two are the same.
module Resilience.Functional.FSharp.Tests.PackageReadmeExample

open System
open System.Threading
open Xunit
open Resilience.Functional
open Resilience.Functional.FSharp

// package README begins
let fetchStock (sku: string) : Operation<int> = Op.ofAsync (async { return sku.Length })

let resilientStock (sku: string) : Operation<int> =
    fetchStock sku
    |> Timeout.after (TimeSpan.FromSeconds 2.) // per attempt: inside the retry
    |> Retry.withBackoff (Backoff.exponential (TimeSpan.FromMilliseconds 100.) |> Backoff.maxRetries 3)
    |> Fallback.toValue 0 // still failing: 0 in stock

// resilientStock "apple" |> Op.run cancellationToken gives Ok 5
// package README ends

[<Fact>]
let ``the package README example runs`` () =
    Assert.Equal(Ok 5, (resilientStock "apple" |> Op.run CancellationToken.None).Result)
