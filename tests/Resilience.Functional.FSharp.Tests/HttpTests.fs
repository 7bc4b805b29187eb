module Resilience.Functional.FSharp.Tests.HttpTests

open System
open System.Net
open System.Net.Http
open System.Threading
open System.Threading.Tasks
open Xunit
open Resilience.Functional
open Resilience.Functional.FSharp
open Microsoft.Extensions.DependencyInjection

/// An in-process server: answers each request with the next status of the script (the last one repeating).
type private Scripted(statuses: HttpStatusCode list) =
    inherit HttpMessageHandler()
    let mutable calls = 0
    member _.Calls = calls
    override _.SendAsync(_: HttpRequestMessage, _: CancellationToken) =
        calls <- calls + 1
        let status = statuses |> List.item (min (calls - 1) (statuses.Length - 1))
        Task.FromResult(new HttpResponseMessage(status, Content = new StringContent(string (int status))))

let private fast () =
    HttpStandardOptions(
        Pipeline = StandardPipelineOptions(Retry = RetryOptions(Backoff = Backoff.Immediate.MaxRetries 2), RetryBudget = null))

[<Fact>]
let ``fromHttp pipes into a retry that absorbs a 503`` () =
    let server = new Scripted([ HttpStatusCode.ServiceUnavailable; HttpStatusCode.OK ])
    use client = new HttpClient(server)
    let result =
        Http.fromHttp (fun ct -> client.GetAsync(Uri "http://in-process/price", ct))
        |> Op.map (fun response -> int response.StatusCode)
        |> Retry.withBackoff (Backoff.Immediate.MaxRetries 1)
        |> Helpers.runSync
    Assert.Equal(Ok 200, result)
    Assert.Equal(2, server.Calls)

[<Fact>]
let ``the standard pipeline as a handler retries a GET but sends a POST once unless allowed`` () =
    let send (request: HttpRequestMessage) =
        let server = new Scripted([ HttpStatusCode.ServiceUnavailable; HttpStatusCode.OK ])
        use client = new HttpClient(Http.standard (fast ()) |> Http.handler server)
        use response = client.SendAsync(request).Result
        (response.StatusCode, server.Calls)
    let get = send (new HttpRequestMessage(HttpMethod.Get, Uri "http://in-process/a"))
    let post = send (new HttpRequestMessage(HttpMethod.Post, Uri "http://in-process/b", Content = new StringContent "x"))
    let allowed = send (new HttpRequestMessage(HttpMethod.Post, Uri "http://in-process/c", Content = new StringContent "y") |> Http.allowRetries)
    Assert.Equal((HttpStatusCode.OK, 2), get)
    Assert.Equal((HttpStatusCode.ServiceUnavailable, 1), post)
    Assert.Equal((HttpStatusCode.OK, 2), allowed)

[<Fact>]
let ``fromResponse is Error HttpStatusError for a 429`` () =
    let response = new HttpResponseMessage(HttpStatusCode.TooManyRequests)
    response.Headers.TryAddWithoutValidation("Retry-After", "5") |> ignore
    match Http.fromResponse response with
    | Error(:? HttpStatusError as e) -> Assert.Equal((429, LanguageExt.Option<TimeSpan>.Some(TimeSpan.FromSeconds 5.)), (e.StatusCode, e.RetryAfter))
    | other -> failwithf "expected an HttpStatusError, got %A" other

[<Fact>]
let ``the docs example registers a factory client and reads a price`` () =
    let server = new Scripted([ HttpStatusCode.BadGateway; HttpStatusCode.OK ])
    let services = Microsoft.Extensions.DependencyInjection.ServiceCollection()
    // snippet: fsharp-http
    let pipeline = Http.standard (HttpStandardOptions(Name = "prices"))

    services.AddHttpClient("prices")
    |> Http.addResilience pipeline
    |> fun builder -> builder.ConfigurePrimaryHttpMessageHandler(fun () -> server :> HttpMessageHandler)
    |> ignore
    // end snippet
    use provider = Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions.BuildServiceProvider services
    let factory = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<IHttpClientFactory> provider
    use response = factory.CreateClient("prices").GetAsync(Uri "http://in-process/price").Result
    Assert.Equal(HttpStatusCode.OK, response.StatusCode)
    Assert.Equal(2, server.Calls)
