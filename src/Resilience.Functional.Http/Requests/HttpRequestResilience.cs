namespace Resilience.Functional;

/// <summary>Per-request resilience settings (docs/http.md#safe-by-default).</summary>
public static class HttpRequestResilience
{
    /// <summary>
    /// The request option that lets a request with an unsafe method (POST, PATCH, …) be retried or hedged; set it with
    /// <see cref="AllowRetries"/>. A request carrying an <c>Idempotency-Key</c> header needs no option.
    /// </summary>
    public static readonly HttpRequestOptionsKey<bool> AllowRetriesKey = new("Resilience.Functional.AllowRetries");

    /// <summary>The request's own header that makes any method retryable: <c>Idempotency-Key</c>.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>Lets this request be retried or hedged whatever its method; returns the request.</summary>
    /// <param name="request">The request.</param>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    public static HttpRequestMessage AllowRetries(this HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Options.Set(AllowRetriesKey, true);
        return request;
    }

    /// <summary>
    /// Whether a request may be sent more than once: an idempotent method (GET, HEAD, OPTIONS, TRACE, PUT, DELETE), an
    /// <c>Idempotency-Key</c> header, or <see cref="AllowRetries"/>.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    public static bool MayRepeat(this HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return IsIdempotent(request.Method)
            || request.Headers.Contains(IdempotencyKeyHeader)
            || (request.Options.TryGetValue(AllowRetriesKey, out var allowed) && allowed);
    }

    // RFC 9110 §9.2.2: these methods mean the same when repeated; POST, PATCH, CONNECT and unknown ones may not.
    private static bool IsIdempotent(HttpMethod method) =>
        method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Options || method == HttpMethod.Trace
        || method == HttpMethod.Put || method == HttpMethod.Delete;
}
