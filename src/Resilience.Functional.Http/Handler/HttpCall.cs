using System.Diagnostics;
using System.Runtime.ExceptionServices;
using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>
/// One call through <see cref="ResilienceHandler"/>: the attempts it made, the responses and messages they produced,
/// and the rule that every one of them except the response handed to the caller is disposed — a failed attempt's when
/// the next attempt starts or the call ends, a losing hedge's when the call ends or, if it finishes later, at once.
/// </summary>
internal sealed class HttpCall
{
    private static readonly AsyncLocal<HttpCall?> Ambient = new();

    private static readonly Error NoCall = Error.New("An HTTP pipeline's operation ran outside a ResilienceHandler call.");

    private readonly Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> send;
    private readonly ReplayableRequest request;
    private readonly string? singleAttemptReason;
    private readonly TelemetryRecorder recorder;
    private readonly TimeProvider clock;
    private IDisposable? owned;
    private List<IDisposable>? moreOwned;
    private Dictionary<Error, HttpResponseMessage>? failed;
    private Error? lastError;
    private int attempts;
    private bool done;

    public HttpCall(
        Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> send,
        ReplayableRequest request,
        string? singleAttemptReason,
        TelemetryRecorder recorder,
        TimeProvider clock)
    {
        this.send = send;
        this.request = request;
        this.singleAttemptReason = singleAttemptReason;
        this.recorder = recorder;
        this.clock = clock;
    }

    /// <summary>
    /// One attempt of the call running on this flow, as the operation an endpoint's pipeline wraps once: the call
    /// travels in an <see cref="AsyncLocal{T}"/>, because wrapping a pipeline per request would build every layer
    /// again for each one (docs/http.md#the-handler).
    /// </summary>
    public static Func<CancellationToken, ValueTask<Either<Error, HttpResponseMessage>>> Attempt { get; } =
        static ct => Ambient.Value is { } call ? call.AttemptOnce(ct) : new(NoCall);

    // This package's call site in the kernel (Kernel<TSite>).
    private struct Site;

    // The lock of the call's bookkeeping: the request object is private to this call.
    private object Gate => request;

    /// <summary>Runs <paramref name="wrapped"/> (an endpoint's pipeline around <see cref="Attempt"/>) for this call.</summary>
    /// <remarks>Only from an async method: the ambient call then reverts when that method returns.</remarks>
    public ValueTask<Either<Error, HttpResponseMessage>> Run(Func<CancellationToken, ValueTask<Either<Error, HttpResponseMessage>>> wrapped, CancellationToken ct)
    {
        Ambient.Value = this;
        return Kernel<Site>.Run(wrapped, ct);
    }

    private ValueTask<Either<Error, HttpResponseMessage>> AttemptOnce(CancellationToken ct) =>
        recorder.Executions ? recorder.Measure(Send, ct) : Send(ct);

    private async ValueTask<Either<Error, HttpResponseMessage>> Send(CancellationToken ct)
    {
        if (Interlocked.Increment(ref attempts) > 1 && singleAttemptReason is not null)
        {
            return new RequestNotReplayableError(singleAttemptReason, Volatile.Read(ref lastError) ?? Errors.None);
        }

        var message = request.NextMessage();
        if (!ReferenceEquals(message, request.Original))
        {
            Own(message);
        }

        Tag(message);
        HttpResponseMessage response;
        try
        {
            response = await send(message, ct).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            return Failed(Kernel.FromException(ex, ct), null);
        }

        if (!Own(response))
        {
            return CancelledError.Instance;
        }

        Span()?.SetTag(HttpTelemetry.StatusCodeTag, (int)response.StatusCode);
        return response.IsSuccessStatusCode
            ? response
            : Failed(new HttpStatusError((int)response.StatusCode, RetryAfterHeaders.Read(response, clock.GetUtcNow())), response);
    }

    /// <summary>The caller's answer: the winning response, the last failed response, or the error as an exception.</summary>
    public HttpResponseMessage Finish(Either<Error, HttpResponseMessage> result, CancellationToken ct)
    {
        var winner = result.IsRight ? (HttpResponseMessage)result : Returned((Error)result);
        lock (Gate)
        {
            done = true;
            Release(owned, winner);
            foreach (var item in moreOwned ?? [])
            {
                Release(item, winner);
            }

            (owned, moreOwned) = (null, null);
        }

        if (winner is not null)
        {
            winner.RequestMessage = request.Original;
            return winner;
        }

        var error = (Error)result;
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
        lock (Gate)
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
            lock (Gate)
            {
                (failed ??= new(ReferenceEqualityComparer.Instance))[error] = response;
            }
        }

        return error;
    }

    private bool Own(IDisposable item)
    {
        lock (Gate)
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
        Activity.Current is { } activity && activity.OperationName == recorder.Name && activity.Source.Name == ResilienceTelemetry.Name
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
