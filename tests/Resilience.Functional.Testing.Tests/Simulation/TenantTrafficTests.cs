namespace Resilience.Functional.Testing.Tests;

public class TenantTrafficTests
{
    private static SimulationOptions Options(RequestBurst? burst) => new()
    {
        Requests = new RequestStream { RatePerSecond = 20, Duration = TimeSpan.FromSeconds(30), Tenants = 4, Burst = burst },
        Seed = 5,
    };

    [Fact]
    public void Regular_arrivals_take_the_tenants_in_turn_and_the_pipeline_sees_each_request_s_tenant()
    {
        var simulation = new Simulation(Options(null));
        var seen = new List<int>();

        var result = simulation.Run(op =>
        {
            seen.Add(simulation.CurrentTenant);
            return op;
        });

        Assert.Equal(result.RequestCount, seen.Count);
        Assert.Equal(Enumerable.Range(0, seen.Count).Select(k => (k % 4) + 1), seen);
        Assert.Equal(0, result.BurstRequests);
    }

    [Fact]
    public void A_burst_adds_one_tenant_s_requests_counted_apart_and_leaves_the_regular_arrivals_as_they_were()
    {
        var burst = new RequestBurst { Start = TimeSpan.FromSeconds(10), Duration = TimeSpan.FromSeconds(5), RatePerSecond = 100, Tenant = 0 };
        var quiet = new Simulation(Options(null)).Run(op => op);
        var simulation = new Simulation(Options(burst));
        var burstTenants = new List<TimeSpan>();

        var noisy = simulation.Run(op =>
        {
            if (simulation.CurrentTenant == 0)
            {
                burstTenants.Add(simulation.Downstream.Now);
            }

            return op;
        });

        Assert.Equal(quiet.RequestCount, noisy.RequestCount);
        Assert.Equal(quiet.Requests.Select(r => r.Arrival), noisy.Requests.Select(r => r.Arrival));
        Assert.Equal(burstTenants.Count, noisy.BurstRequests);
        Assert.InRange(noisy.BurstRequests, 400, 600);
        Assert.All(burstTenants, at => Assert.InRange(at, burst.Start, burst.Start + burst.Duration));
        Assert.Equal(noisy.BurstRequests, noisy.BurstSucceeded);
        Assert.Equal(quiet.DownstreamCalls, noisy.DownstreamCalls);
        Assert.True(noisy.PeakDownstreamInFlight >= quiet.PeakDownstreamInFlight);
    }

    [Fact]
    public void Bad_tenant_settings_fail_at_construction_naming_the_setting()
    {
        Assert.Equal("Tenants", Assert.Throws<ArgumentOutOfRangeException>(() => new RequestStream { Tenants = 0 }).ParamName);
        Assert.Equal("RatePerSecond", Assert.Throws<ArgumentOutOfRangeException>(() => new RequestBurst { RatePerSecond = 0 }).ParamName);
        Assert.Equal("Duration", Assert.Throws<ArgumentOutOfRangeException>(() => new RequestBurst { Duration = TimeSpan.Zero }).ParamName);
        Assert.Equal("Start", Assert.Throws<ArgumentOutOfRangeException>(() => new RequestBurst { Start = TimeSpan.FromSeconds(-1) }).ParamName);
    }
}
