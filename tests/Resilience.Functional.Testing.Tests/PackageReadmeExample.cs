// The code of src/Resilience.Functional.Testing/README.md (the package's README) lives here so that it compiles and
// runs; PackageReadmeTests in Resilience.Functional.Tests checks that the two are the same.
using Resilience.Functional;
using Resilience.Functional.Testing;

namespace Resilience.Functional.Testing.Tests;

public class PackageReadmeExample
{
    [Fact]
    public void The_package_readme_example_simulates_an_outage_behind_a_breaker()
    {
        // package README begins
        var simulation = new Simulation(new SimulationOptions
        {
            Scenario = Scenario.OutageAndRecovery(start: TimeSpan.FromMinutes(2), duration: TimeSpan.FromMinutes(1)),
            Requests = new RequestStream { RatePerSecond = 50, Duration = TimeSpan.FromMinutes(10) },
            Seed = 42,
        });

        // The pipeline under test, on the simulation's clock.
        var breaker = new CircuitBreaker(new CircuitBreakerOptions { ConsecutiveFailures = 5, TimeProvider = simulation.Time });
        var result = simulation.Run(op => op.WithCircuitBreaker(breaker), SimulatedPipeline.BreakerProbe(breaker));

        Console.WriteLine(result);
        // 30005 requests, success 88.99 %, p50 18.7 ms, p99 63.1 ms, 0.90 calls/request, failures: CircuitOpenError 3027, HTTP 503 278
        // package README ends

        Assert.Equal("30005 requests, success 88.99 %, p50 18.7 ms, p99 63.1 ms, 0.90 calls/request, failures: CircuitOpenError 3027, HTTP 503 278", result.ToString());
        Assert.Contains("Open", result.Probes["breaker"].Select(s => s.Value));
    }
}
