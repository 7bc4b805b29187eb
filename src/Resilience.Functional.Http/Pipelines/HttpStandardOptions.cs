namespace Resilience.Functional;

/// <summary>
/// Settings of <see cref="HttpPipeline.Standard(HttpStandardOptions)"/>: a concurrency limit, then the core's standard
/// pipeline (rate limit → total timeout → retry → circuit breaker → attempt timeout, <see cref="StandardPipelineOptions"/>)
/// with one breaker per endpoint; the concurrency limit, the rate limit and the retry budget are shared by every endpoint.
/// </summary>
public sealed record HttpStandardOptions : HttpPipelineOptions
{
    /// <summary>
    /// The outermost limit on requests in flight, shared by every endpoint; null turns it off. Default 1000 at once and
    /// no queue, as the anchor's default limiter: a client limit that never throttles a healthy high-throughput client.
    /// </summary>
    public BulkheadOptions? Concurrency { get; init; } = new() { MaxConcurrency = 1000, MaxQueueLength = 0, Name = "concurrency-limit" };

    /// <summary>
    /// The layers' settings; default <see cref="StandardPipelineOptions"/>' defaults without the token bucket (a
    /// per-second rate limit is a server's concern more than a client's; set <see cref="StandardPipelineOptions.RateLimit"/>
    /// to have one). See docs/http.md#the-standard-pipeline.
    /// </summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public StandardPipelineOptions Pipeline
    {
        get;
        init => field = OptionGuards.NotNull(value, nameof(Pipeline));
    } = new() { RateLimit = null };
}
