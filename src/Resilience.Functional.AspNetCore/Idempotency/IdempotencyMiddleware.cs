using System.Globalization;
using LanguageExt;
using LanguageExt.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Resilience.Functional.AspNetCore;

/// <summary>
/// Runs endpoints marked <see cref="IdempotentAttribute"/> through the application's <see cref="IdempotencyGuard"/>
/// (the core's lease protocol over any store), keyed by the <c>Idempotency-Key</c> header and fingerprinted by
/// method, path, query and body: the first request runs; a repeat replays the stored status, headers and body,
/// marked with <see cref="IdempotentRequestOptions.ReplayedHeaderName"/>; a repeat while the first runs gets 409 with
/// <c>Retry-After</c>; the key with another fingerprint gets 422; a missing (where required) or malformed key 400;
/// a store that cannot claim the key 503 (fail closed: nothing ran).
/// </summary>
internal sealed class IdempotencyMiddleware(RequestDelegate next, IdempotencyGuard guard, IdempotentRequestOptions options)
{
    public Task InvokeAsync(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<IdempotentAttribute>() is { } idempotent
            ? GuardAsync(context, idempotent)
            : next(context);

    private async Task GuardAsync(HttpContext context, IdempotentAttribute idempotent)
    {
        var values = context.Request.Headers[options.HeaderName];
        if (values.Count == 0)
        {
            await (idempotent.KeyRequired
                ? Problem(context, StatusCodes.Status400BadRequest, $"{options.HeaderName} required", $"This endpoint requires an {options.HeaderName} header.")
                : next(context)).ConfigureAwait(false);
            return;
        }

        var (key, invalid) = IdempotencyKeyHeader.Parse(values);
        if (key is null)
        {
            await Problem(context, StatusCodes.Status400BadRequest, $"Invalid {options.HeaderName}", invalid!).ConfigureAwait(false);
            return;
        }

        var scope = options.KeyScope?.Invoke(context);
        var storeKey = string.IsNullOrEmpty(scope) ? key : $"{scope}:{key}";
        var fingerprint = await RequestFingerprint.ComputeAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        var run = new HandlerRun(next, context);
        var outcome = await Op.Of(run.RunAsync).WithIdempotency(guard, storeKey, fingerprint).Run(context.RequestAborted).ConfigureAwait(false);
        if (run.Ran)
        {
            await run.SendAsync(outcome.Match(_ => Option<Error>.None, Option<Error>.Some)).ConfigureAwait(false);
            return;
        }

        await outcome.Match(
            Right: replay => replay.Value.WriteAsync(context.Response, options.ReplayedHeaderName),
            Left: error => Refuse(context, error)).ConfigureAwait(false);
    }

    private Task Refuse(HttpContext context, Error error) =>
        error switch
        {
            IdempotencyConflictError conflict => Conflict(context, conflict),
            IdempotencyFingerprintMismatchError => Problem(
                context, StatusCodes.Status422UnprocessableEntity, $"{options.HeaderName} reused", $"This {options.HeaderName} was used with a different request (method, path, query or body)."),
            InvalidIdempotencyKeyError invalid => Problem(context, StatusCodes.Status400BadRequest, $"Invalid {options.HeaderName}", invalid.Reason),
            IdempotencyStoreUnavailableError => Problem(
                context, StatusCodes.Status503ServiceUnavailable, "Idempotency store unavailable", "The request was not run; retry it with the same key."),
            ReplayedError replayed => ReplayError(context, replayed.Original),
            _ when error.IsCancellation() => Task.CompletedTask,
            _ => Problem(context, StatusCodes.Status500InternalServerError, "Stored response unreadable", error.Message),
        };

    private Task Conflict(HttpContext context, IdempotencyConflictError conflict)
    {
        context.Response.Headers.RetryAfter = Math.Ceiling(conflict.RetryAfterDelay.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        return Problem(context, StatusCodes.Status409Conflict, "Request in progress", $"A request with this {options.HeaderName} is still running; retry after it finishes.");
    }

    // A stored error (a 5xx the guard's classifier calls permanent) replays as its status, marked like any replay.
    private Task ReplayError(HttpContext context, Error original)
    {
        context.Response.StatusCode = original.Code is >= 500 and <= 599 ? original.Code : StatusCodes.Status500InternalServerError;
        context.Response.Headers[options.ReplayedHeaderName] = "true";
        return Task.CompletedTask;
    }

    private static Task Problem(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(
            new ProblemDetails { Status = status, Title = title, Detail = detail },
            (System.Text.Json.JsonSerializerOptions?)null,
            "application/problem+json",
            context.RequestAborted);
    }
}
