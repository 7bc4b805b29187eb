using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Resilience.Functional.HealthChecks;

/// <summary>Registers Resilience.Functional checks with <see cref="IHealthChecksBuilder"/>.</summary>
public static class HealthChecksBuilderExtensions
{
    /// <summary>
    /// Registers <paramref name="check"/> under its name, with its tags and failure status, on the system clock.
    /// The check enforces its own timeout, so the registration's timeout is left infinite.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="check">The check.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IHealthChecksBuilder AddResilienceCheck(this IHealthChecksBuilder builder, Resilience.Functional.HealthCheck check) =>
        builder.AddResilienceCheck(check, TimeProvider.System);

    /// <summary>Registers <paramref name="check"/> as <see cref="AddResilienceCheck(IHealthChecksBuilder, Resilience.Functional.HealthCheck)"/> does, on <paramref name="timeProvider"/>.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="check">The check.</param>
    /// <param name="timeProvider">The clock for the check's timeout.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IHealthChecksBuilder AddResilienceCheck(
        this IHealthChecksBuilder builder, Resilience.Functional.HealthCheck check, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(check);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var adapter = new ResilienceHealthCheck(check, timeProvider);
        return builder.Add(new HealthCheckRegistration(
            check.Name, adapter, ResilienceHealthCheck.ToStatus(check.FailureState), check.Tags));
    }

    /// <summary>Registers every check of <paramref name="registry"/> on the registry's clock.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="registry">The registry.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IHealthChecksBuilder AddResilienceRegistry(this IHealthChecksBuilder builder, HealthRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(registry);
        foreach (var check in registry.Checks)
        {
            builder.AddResilienceCheck(check, registry.TimeProvider);
        }

        return builder;
    }
}
