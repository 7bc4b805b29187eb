using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Resilience.Functional.DependencyInjection;
using Resilience.Functional.HealthChecks;

namespace Resilience.Functional.AspNetCore;

/// <summary>Lists the registered policies' parts in <c>Microsoft.Extensions.Diagnostics.HealthChecks</c>.</summary>
public static class ResilienceHealthChecksBuilderExtensions
{
    /// <summary>
    /// Registers one check, <c>resilience</c> (tagged <c>resilience</c>), that runs the registry's health report: its
    /// status is the report's, its data each entry's key and status (<c>orders.circuit-breaker:circuit</c> →
    /// <c>Unhealthy</c>). The parts are read at each run, so reloads and new parts need no re-registration.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static IHealthChecksBuilder AddResiliencePolicies(this IHealthChecksBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(new HealthCheckRegistration(
            "resilience",
            sp => new PoliciesHealthCheck(sp.GetRequiredService<ResiliencePolicyRegistry>()),
            failureStatus: null,
            tags: ["resilience"]));
    }

    private sealed class PoliciesHealthCheck(ResiliencePolicyRegistry registry) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var outcome = await registry.CreateHealthRegistry().RunAsync(cancellationToken).ConfigureAwait(false);
            if (outcome.Case is not HealthCheckReport report)
            {
                throw new OperationCanceledException(cancellationToken);
            }

            var data = report.Entries.ToDictionary(e => e.Check.Key, e => (object)ResilienceHealthCheck.ToStatus(e.State).ToString());
            var worst = report.Entries.Where(e => e.State == report.State && e.State != HealthState.Healthy).Select(e => $"{e.Check.Key}: {e.Description}");
            return new HealthCheckResult(ResilienceHealthCheck.ToStatus(report.State), string.Join("; ", worst), null, data);
        }
    }
}
