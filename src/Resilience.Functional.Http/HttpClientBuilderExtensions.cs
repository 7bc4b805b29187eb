using Microsoft.Extensions.DependencyInjection;

namespace Resilience.Functional;

/// <summary>Resilience for clients made by <c>IHttpClientFactory</c> (docs/http.md#registration).</summary>
public static class HttpClientBuilderExtensions
{
    /// <summary>Runs <paramref name="pipeline"/> around every request of the client; the pipeline's state outlives the factory's handler rotation.</summary>
    /// <param name="builder">The client's builder.</param>
    /// <param name="pipeline">The pipeline, built once.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IHttpClientBuilder AddResilience(this IHttpClientBuilder builder, HttpPipeline pipeline)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(pipeline);
        return builder.AddHttpMessageHandler(() => new ResilienceHandler(pipeline));
    }

    /// <summary>Runs <paramref name="policy"/> around every request (<see cref="HttpPipeline.From"/>).</summary>
    /// <param name="builder">The client's builder.</param>
    /// <param name="policy">The policy.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IHttpClientBuilder AddResilience(this IHttpClientBuilder builder, Policy policy) =>
        builder.AddResilience(HttpPipeline.From(policy));

    /// <summary>The standard HTTP pipeline with its defaults (<see cref="HttpPipeline.Standard()"/>).</summary>
    /// <param name="builder">The client's builder.</param>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static IHttpClientBuilder AddStandardResilience(this IHttpClientBuilder builder) =>
        builder.AddResilience(HttpPipeline.Standard(new HttpStandardOptions { Name = ClientName(builder) }));

    /// <summary>The standard HTTP pipeline (<see cref="HttpPipeline.Standard(HttpStandardOptions)"/>).</summary>
    /// <param name="builder">The client's builder.</param>
    /// <param name="options">The settings.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IHttpClientBuilder AddStandardResilience(this IHttpClientBuilder builder, HttpStandardOptions options) =>
        builder.AddResilience(HttpPipeline.Standard(options));

    /// <summary>The hedging HTTP pipeline with its defaults (<see cref="HttpPipeline.Hedging()"/>).</summary>
    /// <param name="builder">The client's builder.</param>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static IHttpClientBuilder AddStandardHedging(this IHttpClientBuilder builder) =>
        builder.AddResilience(HttpPipeline.Hedging(new HttpHedgingOptions { Name = ClientName(builder) }));

    /// <summary>The hedging HTTP pipeline (<see cref="HttpPipeline.Hedging(HttpHedgingOptions)"/>).</summary>
    /// <param name="builder">The client's builder.</param>
    /// <param name="options">The settings.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IHttpClientBuilder AddStandardHedging(this IHttpClientBuilder builder, HttpHedgingOptions options) =>
        builder.AddResilience(HttpPipeline.Hedging(options));

    // The default client's name is empty; its pipeline reports as "http".
    private static string ClientName(IHttpClientBuilder builder) =>
        OptionGuards.NotNull(builder, nameof(builder)).Name is { Length: > 0 } name && !string.IsNullOrWhiteSpace(name) ? name : "http";
}
