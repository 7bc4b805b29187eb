using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Resilience.Functional.Testing.Tests;

public class PipelineGeneratorPropertyTests
{
    private static SimulationOptions FlakyMinute(ulong seed, double errorRate = 0.3) => new()
    {
        Scenario = Scenario.Flaky(errorRate),
        Requests = new RequestStream { RatePerSecond = 20, Duration = TimeSpan.FromSeconds(30) },
        Seed = seed,
        RecordEvents = false,
    };

    [Fact]
    public void For_any_generated_backoff_the_retry_makes_at_most_max_retries_plus_one_calls_per_request()
    {
        var cases =
            from retries in Gen.Choose(1, 5)
            from backoff in ResilienceGen.Backoffs(retries)
            from seed in ResilienceGen.Seeds()
            select (retries, backoff, seed);

        Prop.ForAll(Arb.From(cases), c =>
            {
                var simulation = new Simulation(FlakyMinute(c.seed, errorRate: 0.5));
                var pipeline = new PipelineSpec { Retry = c.backoff, Classifier = ErrorClassifier.Create(_ => true) }.Build(simulation);
                var result = pipeline.Run(simulation);
                var most = result.Requests.Max(r => r.Calls);

                // With 50 % failures and 600 requests, some request uses every retry it is allowed (all but surely:
                // 1 - (63/64)^600 for 5 retries), so the bound is checked both ways.
                return (most == c.retries + 1 && result.Requests.All(r => r.Calls >= 1) && result.OffLoopResumptions == 0)
                    .Label($"{c.backoff}: most calls {most}, retries allowed {c.retries}");
            })
            .Check(Config.QuickThrowOnFailure.WithMaxTest(40));
    }

    [Property(MaxTest = 40, Arbitrary = [typeof(ResilienceArbitraries)])]
    public Property Any_generated_pipeline_stays_within_its_retry_limit_and_runs_deterministically(PipelineSpec spec, ulong seed)
    {
        SimulationResult RunOnce()
        {
            var simulation = new Simulation(FlakyMinute(seed) with { RecordEvents = true });
            return spec.Build(simulation).Run(simulation);
        }

        var first = RunOnce();
        var second = RunOnce();
        var limit = (spec.MaxRetries ?? 0) + 1;
        return (first.Requests.All(r => r.Calls <= limit)
                && first.Events.SequenceEqual(second.Events)
                && first.OffLoopResumptions == 0)
            .Label($"{spec}: most calls {first.Requests.Max(r => r.Calls)}, limit {limit}");
    }

    [Property(MaxTest = 200, Arbitrary = [typeof(ResilienceArbitraries)])]
    public bool Generated_backoffs_never_give_a_negative_delay(Backoff backoff) =>
        backoff.Take(8, 7).ForAll(d => d >= TimeSpan.Zero);

    [Fact]
    public void The_bounded_backoff_property_can_fail()
    {
        // A retry limited to 2 retries is not limited to 1: the property's check tells them apart.
        var simulation = new Simulation(FlakyMinute(3));
        var result = new PipelineSpec { Retry = Backoff.Immediate.MaxRetries(2), Classifier = ErrorClassifier.Create(_ => true) }.Build(simulation).Run(simulation);

        Assert.Equal(3, result.Requests.Max(r => r.Calls));
        Assert.NotEqual(1 + 1, result.Requests.Max(r => r.Calls));
    }

    [Fact]
    public void A_pipeline_spec_builds_its_breaker_on_the_simulation_clock_and_probes_it()
    {
        var simulation = new Simulation(new SimulationOptions
        {
            Scenario = Scenario.OutageAndRecovery(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(20)),
            Requests = new RequestStream { RatePerSecond = 20, Duration = TimeSpan.FromMinutes(1) },
        });
        var spec = new PipelineSpec
        {
            Breaker = new CircuitBreakerOptions { ConsecutiveFailures = 5, BreakDuration = BreakDuration.Fixed(TimeSpan.FromSeconds(2)) },
        };

        var result = spec.Build(simulation).Run(simulation);

        var states = result.Probes["breaker"];
        Assert.Equal("Closed", states[0].Value);
        Assert.Contains(states, s => s.Value == "Open" && s.At >= TimeSpan.FromSeconds(20) && s.At < TimeSpan.FromSeconds(21));
        Assert.Equal("Closed", states[^1].Value);
        Assert.InRange(states[^1].At, TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(43));
        Assert.Equal("breaker", spec.ToString());
    }

    [Fact]
    public void The_seeded_random_adapter_repeats_its_sequence()
    {
        var a = new SimulationRandom(9).AsRandom();
        var b = new SimulationRandom(9).AsRandom();

        var first = Enumerable.Range(0, 100).Select(_ => (a.NextDouble(), a.Next(10), a.Next(-5, 5))).ToList();
        var second = Enumerable.Range(0, 100).Select(_ => (b.NextDouble(), b.Next(10), b.Next(-5, 5))).ToList();

        Assert.Equal(first, second);
        Assert.All(first, x => Assert.True(x.Item1 is >= 0 and < 1 && x.Item2 is >= 0 and < 10 && x.Item3 is >= -5 and < 5));
        Assert.True(first.Select(x => x.Item2).Distinct().Count() > 5);
    }
}
