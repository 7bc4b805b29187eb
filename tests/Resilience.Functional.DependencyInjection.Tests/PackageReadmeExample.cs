// The code of src/Resilience.Functional.DependencyInjection/README.md (the package's README) lives here so that it
// compiles and runs; PackageReadmeTests in Resilience.Functional.Tests checks that the two are the same.
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Resilience.Functional;
using Resilience.Functional.DependencyInjection;

namespace Resilience.Functional.DependencyInjection.Tests;

public class PackageReadmeExample
{
    [Fact]
    public async Task The_package_readme_example_registers_and_runs_both_policies()
    {
        // package README begins
        var configuration = new ConfigurationBuilder() // builder.Configuration in an ASP.NET Core application
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Resilience:Policies:orders:Timeout:Timeout"] = "5s",
                ["Resilience:Policies:orders:Retry:MaxRetries"] = "3",
                ["Resilience:Policies:orders:CircuitBreaker:ConsecutiveFailures"] = "5",
            })
            .Build();

        var services = new ServiceCollection(); // builder.Services
        services.AddSingleton<IConfiguration>(configuration);
        services.AddResiliencePolicyFromConfiguration("orders");
        services.AddResiliencePolicy("payments", policy => policy
            .AddTimeout(new TimeoutOptions { Timeout = TimeSpan.FromSeconds(2) })
            .AddCircuitBreaker(new CircuitBreakerOptions { ConsecutiveFailures = 3 }));

        using var provider = services.BuildServiceProvider();
        var registry = provider.GetRequiredService<ResiliencePolicyRegistry>();
        var order = await registry.Get("orders").Wrap(Op.FromFunc(_ => "placed")).Run(CancellationToken.None);
        var breakers = registry.Parts.Select(p => p.Name); // orders.circuit-breaker, payments.circuit-breaker
        // package README ends

        Assert.Equal(Right<Error, string>("placed"), order);
        Assert.Equal(["orders.circuit-breaker", "payments.circuit-breaker"], breakers);
    }
}
