using System.Runtime.ExceptionServices;
using LanguageExt;
using LanguageExt.Common;
using Microsoft.AspNetCore.Http;

namespace Resilience.Functional.AspNetCore;

/// <summary>
/// The endpoint as the guard's operation: runs the rest of the pipeline into a buffer and returns the response as a
/// value — a success to store for a status below 500, an <see cref="HttpStatusError"/> (transient by default, so
/// ambiguous and never stored: docs/idempotency.md) for a 5xx. Whatever the guard decides, the client that ran the
/// handler gets exactly what the handler produced (<see cref="SendAsync"/>).
/// </summary>
internal sealed class HandlerRun(RequestDelegate next, HttpContext context)
{
    private readonly MemoryStream buffer = new();

    public bool Ran { get; private set; }

    public async ValueTask<Either<Error, StoredResponse>> RunAsync(CancellationToken cancellationToken)
    {
        Ran = true;
        var response = context.Response;
        var original = response.Body;
        response.Body = buffer;
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            response.Body = original;
        }

        var stored = StoredResponse.Of(response, buffer.ToArray());
        return stored.StatusCode >= 500
            ? Either<Error, StoredResponse>.Left(new HttpStatusError(stored.StatusCode))
            : Either<Error, StoredResponse>.Right(stored);
    }

    /// <summary>Sends the handler's own response, or rethrows what it threw (with its stack) for the app's error handling.</summary>
    public async Task SendAsync(Option<Error> failure)
    {
        if (failure.Case is Error error && error.Exception.Case is Exception thrown && !error.IsCancellation())
        {
            ExceptionDispatchInfo.Throw(thrown);
        }

        if (!context.RequestAborted.IsCancellationRequested)
        {
            context.Response.ContentLength = buffer.Length;
            buffer.Position = 0;
            await buffer.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
        }
    }
}
