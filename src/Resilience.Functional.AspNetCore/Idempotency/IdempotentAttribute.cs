namespace Resilience.Functional.AspNetCore;

/// <summary>
/// Marks an endpoint (a controller, an action, or a minimal API through
/// <see cref="IdempotencyEndpointConventionBuilderExtensions.RequireIdempotencyKey{TBuilder}"/>) as idempotent: the
/// middleware of <see cref="IdempotencyApplicationBuilderExtensions.UseIdempotentRequests"/> runs it at most once per
/// <c>Idempotency-Key</c> and replays its response to repeats (docs/hosting.md#idempotent-endpoints).
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, Inherited = true, AllowMultiple = false)]
public sealed class IdempotentAttribute : Attribute
{
    /// <summary>True (the default): a request without the header gets 400. False: such a request runs unguarded.</summary>
    public bool KeyRequired { get; init; } = true;
}
