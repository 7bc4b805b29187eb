using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.ExceptionServices;
using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>
/// One call through <see cref="ResilienceHandler"/>: the attempts it made, the responses and messages they produced,
/// and the rule that every one of them except the response handed to the caller is disposed — a failed attempt's when
/// the next attempt starts or the call ends, a losing hedge's when the call ends or, if it finishes later, at once.
/// </summary>
/// <remarks>
/// Reused, with its <see cref="ReplayableRequest"/>, through one spare per thread: the call itself and each attempt in
/// flight hold it, and it goes back only when the call has ended and the last attempt has finished, so a hedge that
/// lost or an attempt a pessimistic timeout abandoned still finds its own call (docs/http.md#cost).
/// </remarks>
internal sealed class HttpCall
{
    private static readonly AsyncLocal<HttpCall?> Ambient = new();

    private static readonly Error NoCall = Error.New("An HTTP pipeline's operation ran outside a ResilienceHandler call.");

    [ThreadStatic]
    private static HttpCall? spare;

    private readonly ReplayableRequest request = new();
    private readonly Func<CancellationToken, ValueTask<Either<Error, HttpResponseMessage>>> sendOnce;
    private Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>? send;
    private HttpPipeline? pipeline;
    private string? singleAttemptReason;
    private IDisposable? owned;
    private List<IDisposable>? moreOwned;
    private Dictionary<Error, HttpResponseMessage>? failed;
    private Error? lastError;
    private Task<HttpResponseMessage>? lastSent;
    private int attempts;
    private int holders;
    private bool done;

    private HttpCall() => sendOnce = Send;

    /// <summary>
    /// One attempt of the call running on this flow, as the operation an endpoint's pipeline wraps once: the call
    /// travels in an <see cref="AsyncLocal{T}"/>, because wrapping a pipeline per request would build every layer
    /// again for each one (docs/http.md#the-handler).
    /// </summary>
    public static Func<CancellationToken, ValueTask<Either<Error, HttpResponseMessage>>> Attempt { get; } =
        static ct => Ambient.Value is { } call ? call.AttemptOnce(ct) : new(NoCall);

    /// <summary>The call running on this flow, if any (for tests: an inner handler sees its attempt's call).</summary>
    internal static HttpCall? Current => Ambient.Value;

    /// <summary>Whether the call or an attempt of it still holds this object, so that it cannot be reused.</summary>
    internal bool InUse => Volatile.Read(ref holders) > 0;

    // This package's call site in the kernel (Kernel<TSite>).
    private struct Site;

    // The lock of the call's bookkeeping: a Lock of its own rather than a monitor on the request object, which a
    // pooled call keeps from one request to the next.
    private readonly Lock gate = new();

    /// <summary>This thread's spare call, else a new one, for a request through <paramref name="pipeline"/>.</summary>
    public static HttpCall Rent(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> send, HttpPipeline pipeline)
    {
        var call = spare ?? new HttpCall();
        spare = null;
        (call.send, call.pipeline, call.holders) = (send, pipeline, 1);
        return call;
    }

    /// <summary>Takes the caller's request, its body read (<see cref="ReplayableRequest.Prepare"/>).</summary>
    public ValueTask Prepare(HttpRequestMessage message, CancellationToken ct) =>
        request.Prepare(message, pipeline!.MaxBufferedContentBytes, ct);

    /// <summary>
    /// Runs the endpoint's pipeline around <see cref="Attempt"/> for this call, without its retry or hedging layer when
    /// the request may be sent only once. The ambient call is set for the pipeline and restored before this returns,
    /// so the caller's flow never sees it, whether it runs in an async method or not.
    /// </summary>
    public ValueTask<Either<Error, HttpResponseMessage>> Run(HttpEndpoint endpoint, CancellationToken ct)
    {
        var original = request.Original;
        singleAttemptReason = request.NotReplayableReason
            ?? (original.MayRepeat() ? null : $"{original.Method} is not idempotent and the request has no {HttpRequestResilience.IdempotencyKeyHeader} header");
        var previous = Ambient.Value;
        Ambient.Value = this;
        try
        {
            return Kernel<Site>.Run(singleAttemptReason is null ? endpoint.Run : endpoint.RunSingleAttempt, ct);
        }
        finally
        {
            Ambient.Value = previous;
        }
    }

    /// <summary>
    /// Ends the call with a response when <paramref name="result"/> has one to give (the winner, or the last failed
    /// response): the inner handler's own task when that response came from it, so nothing is allocated; false when
    /// the answer is an exception, to be thrown by <see cref="Finish"/> from an async method.
    /// </summary>
    public bool TryAnswer(Either<Error, HttpResponseMessage> result, [NotNullWhen(true)] out Task<HttpResponseMessage>? answer)
    {
        if (result.IsLeft && Returned((Error)result) is null)
        {
            answer = null;
            return false;
        }

        var winner = End(result)!;
        answer = lastSent is { } sent && ReferenceEquals(sent.Result, winner) ? sent : Task.FromResult(winner);
        LetGo();
        return true;
    }

    private ValueTask<Either<Error, HttpResponseMessage>> AttemptOnce(CancellationToken ct) =>
        pipeline is { Recorder: { Executions: true } recorder } ? recorder.Measure(sendOnce, ct) : Send(ct);

    private ValueTask<Either<Error, HttpResponseMessage>> Send(CancellationToken ct)
    {
        if (!TryHold())
        {
            // Started after the call was over: it has nobody to answer.
            return new(CancelledError.Instance);
        }

        if (ct.IsCancellationRequested)
        {
            // Checked once held: an attempt that starts after its call ended carries a cancelled token (a hedge's
            // attempts are cancelled, an abandoned one runs under its timed-out token) and must not act on the call
            // that may reuse this object by now (docs/http.md#cost).
            return new(LetGo(CancelledError.Instance));
        }

        if (Interlocked.Increment(ref attempts) > 1 && singleAttemptReason is not null)
        {
            return new(LetGo(new RequestNotReplayableError(singleAttemptReason, Volatile.Read(ref lastError) ?? Errors.None)));
        }

        var message = request.NextMessage();
        if (!ReferenceEquals(message, request.Original) && !Own(message))
        {
            return new(LetGo(CancelledError.Instance));
        }

        Tag(message);
        Task<HttpResponseMessage> sending;
        try
        {
            sending = send!(message, ct);
            if (!sending.IsCompletedSuccessfully)
            {
                return Await(sending, ct);
            }
        }
        catch (Exception ex)
        {
            return new(LetGo(Failed(Kernel.FromException(ex, ct), null)));
        }

        return new(LetGo(Received(sending)));
    }

    private async ValueTask<Either<Error, HttpResponseMessage>> Await(Task<HttpResponseMessage> sending, CancellationToken ct)
    {
        try
        {
            _ = await sending.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            return LetGo(Failed(Kernel.FromException(ex, ct), null));
        }

        return LetGo(Received(sending));
    }

    private Either<Error, HttpResponseMessage> Received(Task<HttpResponseMessage> sending)
    {
        var response = sending.Result;
        if (!Own(response, sending))
        {
            return CancelledError.Instance;
        }

        Span()?.SetTag(HttpTelemetry.StatusCodeTag, (int)response.StatusCode);
        return response.IsSuccessStatusCode
            ? response
            : Failed(new HttpStatusError((int)response.StatusCode, RetryAfterHeaders.Read(response, pipeline!.Clock.GetUtcNow())), response);
    }

    // The call and every attempt in flight hold it; an attempt that finds no holder left belongs to a call that is over.
    private bool TryHold()
    {
        var seen = Volatile.Read(ref holders);
        while (seen > 0)
        {
            var was = Interlocked.CompareExchange(ref holders, seen + 1, seen);
            if (was == seen)
            {
                return true;
            }

            seen = was;
        }

        return false;
    }

    private Either<Error, HttpResponseMessage> LetGo(Either<Error, HttpResponseMessage> result)
    {
        LetGo();
        return result;
    }

    // The last holder empties the call and keeps it as this thread's spare; nothing may touch it afterwards.
    private void LetGo()
    {
        if (Interlocked.Decrement(ref holders) != 0)
        {
            return;
        }

        request.Clear();
        (send, pipeline, singleAttemptReason, owned, moreOwned, failed, lastError, lastSent, attempts, done) =
            (null, null, null, null, null, null, null, null, 0, false);
        spare ??= this;
    }

    /// <summary>The caller's answer: the winning response, the last failed response, or the error as an exception.</summary>
    public HttpResponseMessage Finish(Either<Error, HttpResponseMessage> result, CancellationToken ct)
    {
        HttpResponseMessage? winner;
        try
        {
            winner = End(result);
        }
        finally
        {
            LetGo();
        }

        return winner ?? Throw((Error)result, ct);
    }

    private static HttpResponseMessage Throw(Error error, CancellationToken ct)
    {
        if (error.IsCancellation())
        {
            ct.ThrowIfCancellationRequested();
            throw new TaskCanceledException();
        }

        if (Last(error) is Exceptional { Exception.IsSome: true } fault && !IsRejection(error))
        {
            ExceptionDispatchInfo.Throw(fault.ToException());
        }

        throw new HttpResilienceException(error);
    }

    // Every response and message but the winner and the winner's message is disposed; no attempt may own more after.
    private HttpResponseMessage? End(Either<Error, HttpResponseMessage> result)
    {
        var winner = result.IsRight ? (HttpResponseMessage)result : Returned((Error)result);
        lock (gate)
        {
            done = true;
            Release(owned, winner);
            if (moreOwned is not null)
            {
                foreach (var item in moreOwned)
                {
                    Release(item, winner);
                }
            }

            (owned, moreOwned) = (null, null);
        }

        if (winner is not null)
        {
            winner.RequestMessage = request.Original;
        }

        return winner;
    }

    private static void Release(IDisposable? item, HttpResponseMessage? winner)
    {
        if (item is not null && !ReferenceEquals(item, winner) && !ReferenceEquals(item, winner?.RequestMessage))
        {
            item.Dispose();
        }
    }

    // The response behind the error a caller sees: HttpClient's callers expect the last 503, not an exception.
    private HttpResponseMessage? Returned(Error error)
    {
        lock (gate)
        {
            return failed is not null && failed.TryGetValue(Last(error), out var response) ? response : null;
        }
    }

    private static Error Last(Error error) => error switch
    {
        RetriesExhaustedError { Attempts.IsEmpty: false } r => Last(r.Attempts.Last),
        HedgingExhaustedError { Attempts.IsEmpty: false } h => Last(h.Attempts.Last),
        RequestNotReplayableError n => Last(n.Previous),
        _ => error,
    };

    private static bool IsRejection(Error error) => error is TimeoutError or CircuitOpenError or RateLimitedError or BulkheadFullError or RetryBudgetExhaustedError;

    private Either<Error, HttpResponseMessage> Failed(Error error, HttpResponseMessage? response)
    {
        Volatile.Write(ref lastError, error);
        if (response is not null)
        {
            lock (gate)
            {
                (failed ??= new(ReferenceEqualityComparer.Instance))[error] = response;
            }
        }

        return error;
    }

    private bool Own(IDisposable item, Task<HttpResponseMessage>? sending = null)
    {
        lock (gate)
        {
            if (!done)
            {
                if (item is not HttpResponseMessage)
                {
                    ReleaseFailed();
                }

                if (owned is null)
                {
                    owned = item;
                }
                else
                {
                    (moreOwned ??= new(4)).Add(item);
                }

                lastSent = sending ?? lastSent;
                return true;
            }
        }

        // A hedge that lost finished after the call ended: nobody will read it.
        item.Dispose();
        return false;
    }

    // A new attempt supersedes every failed one before it; in a hedge the failed ones are already decided too.
    private void ReleaseFailed()
    {
        if (failed is null)
        {
            return;
        }

        foreach (var response in failed.Values)
        {
            response.Dispose();
            if (ReferenceEquals(owned, response))
            {
                owned = null;
            }

            moreOwned?.Remove(response);
        }

        failed.Clear();
    }

    // The attempt's own span, when a listener made one (TelemetryRecorder.Measure makes it current around Send).
    private Activity? Span() =>
        Activity.Current is { } activity && activity.OperationName == pipeline!.Recorder.Name && activity.Source.Name == ResilienceTelemetry.Name
            ? activity
            : null;

    private void Tag(HttpRequestMessage message)
    {
        if (Span() is not { } activity)
        {
            return;
        }

        activity.SetTag(HttpTelemetry.MethodTag, message.Method.Method);
        if (message.RequestUri is { IsAbsoluteUri: true } uri)
        {
            activity.SetTag(HttpTelemetry.ServerAddressTag, uri.Host);
            activity.SetTag(HttpTelemetry.ServerPortTag, uri.Port);
        }

        if (singleAttemptReason is not null)
        {
            activity.SetTag(HttpTelemetry.SingleAttemptTag, singleAttemptReason);
        }
    }
}
