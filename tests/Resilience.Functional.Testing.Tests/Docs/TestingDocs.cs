// The code of docs/testing.md, compiled and run; the page shows the regions between the snippet markers.
using FsCheck.Xunit;

namespace Resilience.Functional.Testing.Tests.Docs;

public class TestingDocs
{
    [Fact]
    public void Simulate_an_outage()
    {
        // snippet: testing-simulation
        var simulation = new Simulation(new SimulationOptions
        {
            Scenario = Scenario.OutageAndRecovery(start: TimeSpan.FromMinutes(2), duration: TimeSpan.FromMinutes(1)),
            Requests = new RequestStream { RatePerSecond = 50, Duration = TimeSpan.FromMinutes(10) },
            Seed = 42,
        });

        // Your pipeline goes here, built on simulation.Time (and simulation.Random for jitter).
        var result = simulation.Run(op => op);

        Console.WriteLine(result);
        // 30005 requests, success 89.02 %, p50 18.7 ms, p99 63.1 ms, 1.00 calls/request, failures: HTTP 503 3296
        // end snippet
        var outage = result.Timeline.Where(b => b.Start > TimeSpan.FromMinutes(2) && b.Start < TimeSpan.FromMinutes(3));
        Assert.All(outage, bucket => Assert.Equal(0.0, bucket.SuccessRate));
        Assert.Equal(0.0, result.SuccessRateBetween(TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(3)));
        Assert.Equal(1.0, result.LoadAmplification);
        Assert.Equal("30005 requests, success 89.02 %, p50 18.7 ms, p99 63.1 ms, 1.00 calls/request, failures: HTTP 503 3296", result.ToString());
    }

    [Property(MaxTest = 20, Arbitrary = [typeof(ResilienceArbitraries)])]
    public bool Every_request_gets_an_answer(SimulationOptions options)
    {
        var result = new Simulation(options).Run(op => op);
        return result.Requests.All(r => r.Completed >= r.Arrival);
    }
}
