namespace Resilience.Functional.FSharp

open System
open System.Net.Http
open System.Threading
open System.Threading.Tasks
open Microsoft.Extensions.DependencyInjection
open Resilience.Functional

/// HttpClient resilience (package Resilience.Functional.Http) as curried, pipe-friendly functions: responses as
/// values, the standard and hedging HTTP pipelines, the handler and the IHttpClientBuilder registration.
[<RequireQualifiedAccess>]
module Http =
    /// An operation from a send: a 2xx response is the value (the caller disposes it), any other status an
    /// HttpStatusError with the retry-after hint (the response disposed), an exception an Exceptional error.
    let fromHttp (send: CancellationToken -> Task<HttpResponseMessage>) : Operation<HttpResponseMessage> =
        HttpOpExtensions.FromHttp(Func<CancellationToken, Task<HttpResponseMessage>> send)

    /// A response as a result: Ok for 2xx, else Error HttpStatusError (the response then disposed).
    let fromResponse (response: HttpResponseMessage) : Result<HttpResponseMessage, ResilienceError> =
        HttpOutcome.FromResponse response |> Op.toResult

    /// The standard HTTP pipeline (rate limit, total timeout, retry, a breaker per endpoint, attempt timeout).
    let standard (options: HttpStandardOptions) : HttpPipeline = HttpPipeline.Standard options

    /// The hedging HTTP pipeline (total timeout, hedging, a breaker per endpoint, attempt timeout).
    let hedging (options: HttpHedgingOptions) : HttpPipeline = HttpPipeline.Hedging options

    /// Any policy around each request.
    let ofPolicy (policy: Policy) : HttpPipeline = HttpPipeline.From policy

    /// A delegating handler running the pipeline over the inner handler.
    let handler (inner: HttpMessageHandler) (pipeline: HttpPipeline) : DelegatingHandler =
        new ResilienceHandler(pipeline, inner)

    /// Lets an unsafe request (POST, PATCH, …) be retried or hedged; returns it.
    let allowRetries (request: HttpRequestMessage) : HttpRequestMessage = request.AllowRetries()

    /// Runs the pipeline around every request of a factory client: builder |> Http.addResilience pipeline.
    let addResilience (pipeline: HttpPipeline) (builder: IHttpClientBuilder) : IHttpClientBuilder =
        builder.AddResilience pipeline
