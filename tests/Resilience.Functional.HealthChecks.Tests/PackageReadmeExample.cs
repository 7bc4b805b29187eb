// The code of src/Resilience.Functional.HealthChecks/README.md (the package's README) lives here so that it compiles
// and runs; PackageReadmeTests in Resilience.Functional.Tests checks that the two are the same.
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Resilience.Functional;
using Resilience.Functional.HealthChecks;

namespace Resilience.Functional.HealthChecks.Tests;

public class PackageReadmeExample
{
    [Fact]
    public async Task The_package_readme_example_registers_every_check()
    {
        // package README begins
        var breaker = new CircuitBreaker(new CircuitBreakerOptions());
        var registry = new HealthRegistry(
        [
            new HealthCheck("db", Op.Succeed(HealthResult.Healthy("connected"))) { Timeout = TimeSpan.FromSeconds(2) },
            HealthCheck.ForCircuitBreaker("payments", breaker), // unhealthy while the circuit is open
        ]);

        var services = new ServiceCollection(); // builder.Services in an ASP.NET Core application
        services.AddHealthChecks().AddResilienceRegistry(registry);
        // package README ends

        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        var health = services.BuildServiceProvider().GetRequiredService<HealthCheckService>();
        breaker.Isolate();

        var report = await health.CheckHealthAsync();

        Assert.Equal(["db", "payments"], report.Entries.Keys.Order());
        Assert.Equal(HealthStatus.Healthy, report.Entries["db"].Status);
        Assert.Equal(HealthStatus.Unhealthy, report.Entries["payments"].Status);
    }
}
