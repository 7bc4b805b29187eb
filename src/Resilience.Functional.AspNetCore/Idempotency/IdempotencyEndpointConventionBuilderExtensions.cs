using Microsoft.AspNetCore.Builder;

namespace Resilience.Functional.AspNetCore;

/// <summary>Marks minimal API endpoints (or groups) as idempotent.</summary>
public static class IdempotencyEndpointConventionBuilderExtensions
{
    /// <summary>The endpoint runs at most once per <c>Idempotency-Key</c>; a request without the key gets 400.</summary>
    /// <typeparam name="TBuilder">The endpoint or group builder.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static TBuilder RequireIdempotencyKey<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new IdempotentAttribute());

    /// <summary>The endpoint runs at most once per <c>Idempotency-Key</c> when the request has one; without it, it runs unguarded.</summary>
    /// <typeparam name="TBuilder">The endpoint or group builder.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static TBuilder AllowIdempotencyKey<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new IdempotentAttribute { KeyRequired = false });
}
