using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>
/// A delegating handler that runs an <see cref="HttpPipeline"/> around each request: it buffers the body once, sends a
/// fresh message per attempt, disposes every response but the one it returns, and answers as <c>HttpClient</c>'s
/// callers expect — the response (the last failed one when the pipeline gave up on a status), the network exception,
/// an <see cref="OperationCanceledException"/> for the caller's cancellation and <c>HttpClient.Timeout</c>, or an
/// <see cref="HttpResilienceException"/> when the pipeline itself ended the call (docs/http.md#the-handler).
/// </summary>
public sealed class ResilienceHandler : DelegatingHandler
{
    private readonly Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> send;

    /// <summary>A handler running <paramref name="pipeline"/>; set <see cref="DelegatingHandler.InnerHandler"/> or let the factory do it.</summary>
    /// <param name="pipeline">The pipeline, shared by every handler of a client.</param>
    /// <exception cref="ArgumentNullException"><paramref name="pipeline"/> is null.</exception>
    public ResilienceHandler(HttpPipeline pipeline)
    {
        Pipeline = OptionGuards.NotNull(pipeline, nameof(pipeline));
        send = base.SendAsync;
    }

    /// <summary>A handler running <paramref name="pipeline"/> over <paramref name="innerHandler"/>.</summary>
    /// <param name="pipeline">The pipeline.</param>
    /// <param name="innerHandler">The handler that sends each attempt.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public ResilienceHandler(HttpPipeline pipeline, HttpMessageHandler innerHandler)
        : this(pipeline) => InnerHandler = OptionGuards.NotNull(innerHandler, nameof(innerHandler));

    /// <summary>The pipeline.</summary>
    public HttpPipeline Pipeline { get; }

    /// <inheritdoc/>
    /// <remarks>
    /// Not an async method, so that a request without a body whose pipeline completes at once costs no task of its
    /// own: the inner handler's task is the answer (docs/http.md#cost). Every other path goes through an async one.
    /// </remarks>
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return Task.FromException<HttpResponseMessage>(new ArgumentNullException(nameof(request)));
        }

        var endpoint = Pipeline.EndpointFor(request);
        if (endpoint.IsLeft)
        {
            return Task.FromException<HttpResponseMessage>(new HttpResilienceException((Error)endpoint));
        }

        var call = HttpCall.Rent(send, Pipeline);
        var reading = call.Prepare(request, cancellationToken);
        if (!reading.IsCompletedSuccessfully)
        {
            return SendLater(call, reading, (HttpEndpoint)endpoint, cancellationToken);
        }

        var pending = call.Run((HttpEndpoint)endpoint, cancellationToken);
        if (!Kernel.TryTake(pending, out var result))
        {
            return Answer(call, pending, cancellationToken);
        }

        return call.TryAnswer(result, out var answer) ? answer : Answer(call, new(result), cancellationToken);
    }

    /// <inheritdoc/>
    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
        SendAsync(request, cancellationToken).GetAwaiter().GetResult();

    private static async Task<HttpResponseMessage> SendLater(HttpCall call, ValueTask reading, HttpEndpoint endpoint, CancellationToken ct)
    {
        await reading.ConfigureAwait(false);
        return call.Finish(await call.Run(endpoint, ct).ConfigureAwait(false), ct);
    }

    // Also the answer that is an exception, so that it is thrown into the task as an async method throws it.
    private static async Task<HttpResponseMessage> Answer(HttpCall call, ValueTask<Either<Error, HttpResponseMessage>> pending, CancellationToken ct) =>
        call.Finish(await pending.ConfigureAwait(false), ct);
}
