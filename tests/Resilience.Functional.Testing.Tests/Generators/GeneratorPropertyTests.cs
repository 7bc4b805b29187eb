using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Resilience.Functional.Testing.Tests;

public class GeneratorPropertyTests
{
    [Property(MaxTest = 40, Arbitrary = [typeof(ResilienceArbitraries)])]
    public bool Without_resilience_every_request_makes_exactly_one_downstream_call(SimulationOptions options)
    {
        var result = new Simulation(options).Run(Pipelines.None);
        var giveUp = options.Requests.Duration + options.DrainTimeout;

        // A generated caller concurrency limit can leave a backlog the drain deadline cuts off: those requests start
        // with a cancelled token and never reach the downstream (this made the property fail now and then).
        return result.Requests.All(r => r.Calls == 1 || (r.Calls == 0 && r.Reason == nameof(CancelledError) && r.Completed >= giveUp))
            && result.DownstreamCalls == result.Requests.Sum(r => r.Calls)
            && result.Requests.Count > 0;
    }

    [Fact]
    public void A_backlog_cut_off_by_the_drain_deadline_never_reaches_the_downstream()
    {
        // The input class that failed the property above: one request at a time, each taking 500 ms, 50 arriving
        // per second for a minute; the caller gives up 5 minutes after the last arrival. Deterministic, not a race.
        var options = new SimulationOptions
        {
            Scenario = new Scenario { Latency = LatencyDistribution.Constant(TimeSpan.FromMilliseconds(500)) },
            Requests = new RequestStream { RatePerSecond = 50, Pattern = ArrivalPattern.Uniform, Duration = TimeSpan.FromMinutes(1), MaxConcurrency = 1 },
        };

        var result = new Simulation(options).Run(Pipelines.None);

        var served = result.Requests.Count(r => r.Calls == 1);
        Assert.Equal(3000, result.Requests.Count);
        Assert.InRange(served, 720, 722);
        Assert.All(result.Requests.Where(r => r.Calls == 0), r => Assert.Equal(nameof(CancelledError), r.Reason));
        Assert.Equal(served, result.DownstreamCalls);
        Assert.Equal(0, result.OffLoopResumptions);
    }

    [Fact]
    public void For_a_seeded_steady_scenario_the_success_rate_is_one_minus_the_injected_error_rate()
    {
        var cases =
            from scenario in ResilienceGen.SteadyScenarios(0.6)
            from seed in ResilienceGen.Seeds()
            select (scenario, seed);

        Prop.ForAll(Arb.From(cases), c =>
            {
                const int Requests = 2000;
                var result = new Simulation(new SimulationOptions
                {
                    Scenario = c.scenario,
                    Seed = c.seed,
                    Requests = new RequestStream { RatePerSecond = 50, Pattern = ArrivalPattern.Uniform, Duration = TimeSpan.FromSeconds(Requests / 50) },
                }).Run(Pipelines.None);

                var p = c.scenario.ErrorRate;
                var tolerance = (5 * Math.Sqrt(p * (1 - p) / Requests)) + 1e-9;
                return (result.Requests.Count == Requests && Math.Abs(result.SuccessRate - (1 - p)) <= tolerance)
                    .Label($"error rate {p}, success rate {result.SuccessRate}, tolerance {tolerance}");
            })
            .Check(Config.QuickThrowOnFailure.WithMaxTest(25));
    }

    [Property(MaxTest = 20, Arbitrary = [typeof(ResilienceArbitraries)])]
    public bool Any_generated_simulation_is_deterministic_event_for_event(SimulationOptions options)
    {
        var first = new Simulation(options).Run(Pipelines.RetryWithoutBackoff(3));
        var second = new Simulation(options).Run(Pipelines.RetryWithoutBackoff(3));

        return first.Events.SequenceEqual(second.Events) && first.ToString() == second.ToString();
    }

    [Property(MaxTest = 300)]
    public bool Transient_generators_give_errors_the_default_classifier_retries() =>
        ResilienceGen.TransientErrors().Sample(50).All(ErrorClassifier.Default.IsTransient)
        && ResilienceGen.Rejections().Sample(50).All(ErrorClassifier.Default.IsTransient);

    [Property(MaxTest = 300)]
    public bool Permanent_generators_give_errors_the_default_classifier_does_not_retry() =>
        !ResilienceGen.PermanentErrors().Sample(50).Any(ErrorClassifier.Default.IsTransient);

    [Property(MaxTest = 200, Arbitrary = [typeof(ResilienceArbitraries)])]
    public bool Generated_scenarios_keep_their_windows_within_the_horizon(Scenario scenario) =>
        scenario.Outages.ForAll(o => o.End <= TimeSpan.FromMinutes(1))
        && scenario.SlowDowns.ForAll(s => s.End <= TimeSpan.FromMinutes(1))
        && scenario.ErrorRate is >= 0 and <= 0.5
        && !scenario.Failures.IsEmpty;

    [Fact]
    public void A_run_of_the_success_rate_property_can_fail()
    {
        // Guards against a vacuous property: a scenario whose true error rate differs from the one checked fails it.
        var result = new Simulation(new SimulationOptions
        {
            Scenario = Scenario.Flaky(0.3),
            Requests = new RequestStream { RatePerSecond = 50, Pattern = ArrivalPattern.Uniform, Duration = TimeSpan.FromSeconds(60) },
        }).Run(Pipelines.None);

        Assert.True(Math.Abs(result.SuccessRate - 0.9) > 0.1);
        Assert.InRange(result.SuccessRate, 0.67, 0.73);
    }
}
