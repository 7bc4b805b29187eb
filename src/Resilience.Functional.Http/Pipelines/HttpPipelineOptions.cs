namespace Resilience.Functional;

/// <summary>What every <see cref="HttpPipeline"/> preset shares: its name, its endpoints, and the body buffer bound.</summary>
public abstract record HttpPipelineOptions
{
    /// <summary>The pipeline's name (its <c>resilience.pipeline.name</c> telemetry tag).</summary>
    /// <exception cref="ArgumentException">The value is null, empty or white space.</exception>
    public string Name
    {
        get;
        init => field = OptionGuards.Name(value, nameof(Name));
    } = "http";

    /// <summary>
    /// The bound on the endpoints kept (one breaker each) and when an idle one goes; default at most 1,000, idle after
    /// 5 minutes. An open or half-open breaker is never evicted.
    /// </summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public PartitionOptions Endpoints
    {
        get;
        init => field = OptionGuards.NotNull(value, nameof(Endpoints));
    } = new();

    /// <summary>
    /// The endpoint a request belongs to; default its authority, <c>scheme://host:port</c>
    /// (<see cref="HttpPipeline.Authority"/>). Return one constant for one breaker for every request.
    /// </summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public Func<HttpRequestMessage, string> EndpointKey
    {
        get;
        init => field = OptionGuards.NotNull(value, nameof(EndpointKey));
    } = HttpPipeline.DefaultEndpointKey;

    /// <summary>
    /// The largest request body buffered so it can be sent again, in bytes, in [0, 2,147,483,590]; default 1 MiB. A
    /// larger body is streamed once, with no retry or hedge.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside [0, 2,147,483,590].</exception>
    public int MaxBufferedContentBytes
    {
        get;
        init => field = OptionGuards.InRange(value, 0, Array.MaxLength - 1, nameof(MaxBufferedContentBytes));
    } = 1024 * 1024;
}
