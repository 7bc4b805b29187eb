namespace Resilience.Functional;

/// <summary>
/// Settings of <see cref="HttpPipeline.Standard(HttpStandardOptions)"/>: the core's standard pipeline (rate limit →
/// total timeout → retry → circuit breaker → attempt timeout, <see cref="StandardPipelineOptions"/>) with one breaker per
/// endpoint; the rate limit and the retry budget are shared by every endpoint.
/// </summary>
public sealed record HttpStandardOptions : HttpPipelineOptions
{
    /// <summary>The layers' settings; default <see cref="StandardPipelineOptions"/>' defaults (docs/http.md#the-standard-pipeline).</summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public StandardPipelineOptions Pipeline
    {
        get;
        init => field = OptionGuards.NotNull(value, nameof(Pipeline));
    } = new();
}
