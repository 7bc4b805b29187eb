using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Resilience.Functional.DependencyInjection;

namespace Resilience.Functional.AspNetCore;

/// <summary>Maps the resilience health endpoint.</summary>
public static class ResilienceHealthEndpointExtensions
{
    /// <summary>
    /// Serves <see cref="ResiliencePolicyRegistry.CreateHealthRegistry"/> at <paramref name="pattern"/> as
    /// <c>application/health+json</c> (<see cref="HealthJson"/>): <c>pass</c>/<c>warn</c>/<c>fail</c> with one entry per
    /// breaker, bulkhead, token bucket, retry budget, configuration and added check; 200 for pass and warn, 503 for
    /// fail; never cached. It runs beside <c>MapHealthChecks</c>, which can list the same parts through
    /// <see cref="ResilienceHealthChecksBuilderExtensions.AddResiliencePolicies"/>.
    /// </summary>
    /// <param name="endpoints">The route builder.</param>
    /// <param name="pattern">The route, e.g. <c>/health</c>.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IEndpointConventionBuilder MapResilienceHealth(this IEndpointRouteBuilder endpoints, string pattern)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(pattern);
        return endpoints.MapGet(pattern, WriteAsync).WithDisplayName("Resilience health");
    }

    private static async Task WriteAsync(HttpContext context)
    {
        var registry = context.RequestServices.GetRequiredService<ResiliencePolicyRegistry>();
        var outcome = await registry.CreateHealthRegistry().RunAsync(context.RequestAborted).ConfigureAwait(false);
        if (outcome.Case is not HealthCheckReport report)
        {
            return; // the client went away
        }

        context.Response.StatusCode = HealthJson.HttpStatusCode(report.State);
        context.Response.ContentType = HealthJson.ContentType;
        context.Response.Headers.CacheControl = "no-store, no-cache";
        await context.Response.WriteAsync(HealthJson.Render(report), context.RequestAborted).ConfigureAwait(false);
    }
}
