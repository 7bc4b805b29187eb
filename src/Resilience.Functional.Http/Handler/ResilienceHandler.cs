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
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var endpoint = Pipeline.EndpointFor(request).IfLeft(static error => throw new HttpResilienceException(error));
        var replay = await ReplayableRequest.Prepare(request, Pipeline.MaxBufferedContentBytes, cancellationToken).ConfigureAwait(false);
        var reason = replay.NotReplayableReason
            ?? (request.MayRepeat() ? null : $"{request.Method} is not idempotent and the request has no {HttpRequestResilience.IdempotencyKeyHeader} header");
        var call = new HttpCall(send, replay, reason, Pipeline.Recorder, Pipeline.Clock);
        var result = await call.Run(reason is null ? endpoint.Run : endpoint.RunSingleAttempt, cancellationToken).ConfigureAwait(false);
        return call.Finish(result, cancellationToken);
    }

    /// <inheritdoc/>
    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
        SendAsync(request, cancellationToken).GetAwaiter().GetResult();
}
