namespace Resilience.Functional;

/// <summary>
/// The telemetry names of the HTTP package (docs/http.md#telemetry): each attempt is a span named
/// <see cref="AttemptName"/>, recorded like every pattern's execution, with OpenTelemetry's HTTP client tags.
/// </summary>
public static class HttpTelemetry
{
    /// <summary>The name each attempt reports under and its span's name: <c>http-attempt</c>.</summary>
    public const string AttemptName = "http-attempt";

    /// <summary>Tag key of the request method: <c>http.request.method</c>.</summary>
    public const string MethodTag = "http.request.method";

    /// <summary>Tag key of the host the request went to: <c>server.address</c>.</summary>
    public const string ServerAddressTag = "server.address";

    /// <summary>Tag key of the port the request went to: <c>server.port</c>.</summary>
    public const string ServerPortTag = "server.port";

    /// <summary>Tag key of the response status: <c>http.response.status_code</c>.</summary>
    public const string StatusCodeTag = "http.response.status_code";

    /// <summary>Tag key of why a request was sent without retries or hedges: <c>resilience.http.single_attempt</c>.</summary>
    public const string SingleAttemptTag = "resilience.http.single_attempt";
}
