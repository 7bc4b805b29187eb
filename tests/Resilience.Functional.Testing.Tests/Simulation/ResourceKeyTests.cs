namespace Resilience.Functional.Testing.Tests;

public class ResourceKeyTests
{
    [Fact]
    public void Requests_draw_their_resource_key_uniformly_and_the_same_for_the_same_seed()
    {
        var scenario = new Scenario { ResourceKeys = 4 };
        var downstream = new SimulatedDownstream(scenario, new VirtualTimeProvider(), new SimulationRandom(7));
        var again = new SimulatedDownstream(scenario, new VirtualTimeProvider(), new SimulationRandom(7));

        var keys = Enumerable.Range(0, 4000).Select(id => downstream.ResourceKeyOf(id)).ToArray();

        Assert.All(keys, k => Assert.InRange(k!.Value, 0, 3));
        Assert.All(keys.CountBy(k => k!.Value), g => Assert.InRange(g.Value, 900, 1100));
        Assert.Equal(keys, Enumerable.Range(0, 4000).Select(id => again.ResourceKeyOf(id)));
        Assert.Null(downstream.ResourceKeyOf(-1));
        Assert.Null(new SimulatedDownstream(new Scenario(), new VirtualTimeProvider(), new SimulationRandom(7)).ResourceKeyOf(3));
    }

    [Fact]
    public void The_pipeline_reads_each_requests_key_while_it_wraps_its_call_and_nothing_else_changes()
    {
        var options = new SimulationOptions
        {
            Scenario = Scenario.Flaky(0.1) with { ResourceKeys = 3 },
            Requests = new RequestStream { RatePerSecond = 20, Duration = TimeSpan.FromSeconds(5) },
            Seed = 3,
        };
        var simulation = new Simulation(options);
        var seen = new List<int?>();

        var keyed = simulation.Run(call =>
        {
            seen.Add(simulation.CurrentResourceKey);
            return call;
        });
        var plain = new Simulation(options with { Scenario = Scenario.Flaky(0.1) }).Run(call => call);

        Assert.Equal(Enumerable.Range(0, keyed.RequestCount).Select(id => simulation.Downstream.ResourceKeyOf(id)), seen);
        Assert.Null(simulation.CurrentResourceKey);
        Assert.Equal(plain.ToString(), keyed.ToString());
    }

    [Fact]
    public void A_resource_key_count_outside_its_range_is_rejected()
    {
        Assert.Equal("ResourceKeys", Assert.Throws<ArgumentOutOfRangeException>(() => new Scenario { ResourceKeys = -1 }).ParamName);
        Assert.Equal("ResourceKeys", Assert.Throws<ArgumentOutOfRangeException>(() => new Scenario { ResourceKeys = 1_000_001 }).ParamName);
        Assert.Equal("keys", Assert.Throws<ArgumentOutOfRangeException>(() => Scenario.Stampede(0, 1)).ParamName);
    }
}
