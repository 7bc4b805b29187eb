using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Resilience.Functional.AspNetCore;

/// <summary>Adds the idempotent-request middleware.</summary>
public static class IdempotencyApplicationBuilderExtensions
{
    /// <summary>
    /// Guards every endpoint marked <see cref="IdempotentAttribute"/> (after routing, before the endpoints) with the
    /// <see cref="IdempotencyGuard"/> in DI (<c>AddIdempotencyGuard</c> or <c>AddIdempotencyGuardFromConfiguration</c>)
    /// and the <see cref="IdempotentRequestOptions"/> in DI, else <see cref="IdempotentRequestOptions.Default"/>.
    /// </summary>
    /// <param name="app">The application.</param>
    /// <exception cref="ArgumentNullException"><paramref name="app"/> is null.</exception>
    /// <exception cref="InvalidOperationException">No <see cref="IdempotencyGuard"/> is registered.</exception>
    public static IApplicationBuilder UseIdempotentRequests(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var guard = app.ApplicationServices.GetService<IdempotencyGuard>()
            ?? throw new InvalidOperationException(
                "UseIdempotentRequests needs an IdempotencyGuard in DI: call services.AddIdempotencyGuard(...) or services.AddIdempotencyGuardFromConfiguration().");
        var options = app.ApplicationServices.GetService<IdempotentRequestOptions>() ?? IdempotentRequestOptions.Default;
        return app.UseMiddleware<IdempotencyMiddleware>(guard, options);
    }
}
