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
    private readonly Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> send;
    private readonly ReplayableRequest request;
    private readonly string? singleAttemptReason;
    private readonly TelemetryRecorder recorder;
    private readonly TimeProvider clock;
    private readonly Lock gate = new();
    private readonly List<IDisposable> owned = new(2);
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
        Attempt = ct => TelemetryRecorder.Executions ? recorder.Measure(Send, ct) : Send(ct);
    }

    /// <summary>One attempt, as an operation for the pipeline to run as often as it decides.</summary>
    public Func<CancellationToken, ValueTask<Either<Error, HttpResponseMessage>>> Attempt { get; }

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
        lock (gate)
        {
            done = true;
            foreach (var item in owned)
            {
                if (!ReferenceEquals(item, winner) && !ReferenceEquals(item, winner?.RequestMessage))
                {
                    item.Dispose();
                }
            }

            owned.Clear();
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

    private bool Own(IDisposable item)
    {
        lock (gate)
        {
            if (!done)
            {
                if (item is not HttpResponseMessage)
                {
                    ReleaseFailed();
                }

                owned.Add(item);
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
            owned.Remove(response);
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
