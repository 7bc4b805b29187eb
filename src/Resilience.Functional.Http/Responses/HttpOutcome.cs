using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>HTTP responses as the library's outcomes (docs/http.md#responses-as-values).</summary>
public static class HttpOutcome
{
    /// <summary>
    /// A success status (2xx) as the response itself; any other status as an <see cref="HttpStatusError"/> with the
    /// status and the response's retry-after hint (<see cref="RetryAfter(HttpResponseMessage, TimeProvider)"/>), the
    /// response then disposed. The default classifier calls 408, 429 and 5xx transient.
    /// </summary>
    /// <param name="response">The response; the caller owns it on success.</param>
    /// <exception cref="ArgumentNullException"><paramref name="response"/> is null.</exception>
    public static Either<Error, HttpResponseMessage> FromResponse(HttpResponseMessage response) =>
        FromResponse(response, TimeProvider.System);

    /// <summary><see cref="FromResponse(HttpResponseMessage)"/>, with an HTTP-date <c>Retry-After</c> read against <paramref name="clock"/>.</summary>
    /// <param name="response">The response; the caller owns it on success.</param>
    /// <param name="clock">The clock an HTTP-date is measured from.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Either<Error, HttpResponseMessage> FromResponse(HttpResponseMessage response, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(clock);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        var error = new HttpStatusError((int)response.StatusCode, RetryAfter(response, clock));
        response.Dispose();
        return error;
    }

    /// <summary>
    /// The response's retry-after hint: <c>retry-after-ms</c> or <c>x-ms-retry-after-ms</c> in milliseconds, else
    /// <c>Retry-After</c> in delta-seconds or as an HTTP-date (a past date is zero). Malformed, negative and
    /// out-of-range values are ignored, never thrown.
    /// </summary>
    /// <param name="response">The response.</param>
    /// <param name="clock">The clock an HTTP-date is measured from.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Option<TimeSpan> RetryAfter(HttpResponseMessage response, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(clock);
        return RetryAfterHeaders.Read(response, clock.GetUtcNow());
    }
}
