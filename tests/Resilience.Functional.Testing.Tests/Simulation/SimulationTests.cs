using System.Diagnostics;
using Xunit.Abstractions;

namespace Resilience.Functional.Testing.Tests;

public class SimulationTests(ITestOutputHelper output)
{
    private static readonly TimeSpan OutageStart = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan OutageLength = TimeSpan.FromMinutes(1);

    private static SimulationOptions Rich(ulong seed) => new()
    {
        Seed = seed,
        Scenario = Scenario.Overloaded(20) with
        {
            ErrorRate = 0.05,
            Failures = Seq<Error>(new HttpStatusError(503), new HttpStatusError(429, Some(TimeSpan.FromSeconds(1))), Error.New(new IOException("reset"))),
            Outages = Seq1(new Outage(OutageStart, OutageLength) { Latency = TimeSpan.FromSeconds(2) }),
            SlowDowns = Seq1(new SlowDown(TimeSpan.FromMinutes(4), TimeSpan.FromSeconds(30), 8)),
        },
        Requests = new RequestStream { RatePerSecond = 25, Duration = TimeSpan.FromMinutes(5), MaxConcurrency = 60 },
    };

    private static SimulationResult RunRich(ulong seed)
    {
        var simulation = new Simulation(Rich(seed));
        var breaker = new Pipelines.ToyBreaker(simulation.Time);
        var retry = Pipelines.JitteredRetryWithTimeout(simulation, 3, TimeSpan.FromMilliseconds(500));
        return simulation.Run(op => retry(breaker.Wrap(op)), new SimulationProbe("breaker", () => breaker.State));
    }

    [Fact]
    public void The_same_seed_and_inputs_give_the_same_run_event_for_event()
    {
        var first = RunRich(42);
        var second = RunRich(42);

        Assert.True(first.Events.Count > 10_000, $"only {first.Events.Count} events");
        Assert.Equal(0, first.OffLoopResumptions);
        Assert.Equal(first.Events, second.Events);
        Assert.Equal(first.ToString(), second.ToString());
        Assert.Equal(first.Timeline, second.Timeline, (a, b) => a with { Probes = b.Probes } == b && a.Probes.SequenceEqual(b.Probes));
        Assert.Equal(first.Probes["breaker"], second.Probes["breaker"]);
    }

    [Fact]
    public void A_run_that_does_not_record_requests_measures_the_same_and_keeps_none()
    {
        var recorded = RunRich(42);
        var simulation = new Simulation(Rich(42) with { RecordRequests = false, RecordEvents = false });
        var breaker = new Pipelines.ToyBreaker(simulation.Time);
        var retry = Pipelines.JitteredRetryWithTimeout(simulation, 3, TimeSpan.FromMilliseconds(500));
        var bounded = simulation.Run(op => retry(breaker.Wrap(op)), new SimulationProbe("breaker", () => breaker.State));

        Assert.Empty(bounded.Requests);
        Assert.Equal(recorded.Requests.Count, bounded.RequestCount);
        Assert.Equal(recorded.RequestCount, bounded.RequestCount);
        Assert.Equal(recorded.ToString(), bounded.ToString());
        Assert.Equal(recorded.Latency, bounded.Latency);
        Assert.Equal(recorded.FailuresByReason, bounded.FailuresByReason);
        Assert.Equal(recorded.Timeline, bounded.Timeline, (a, b) => a with { Probes = b.Probes } == b && a.Probes.SequenceEqual(b.Probes));
        Assert.Throws<InvalidOperationException>(() => bounded.SuccessRateBetween(TimeSpan.Zero, TimeSpan.FromMinutes(1)));

        // The histogram's percentiles are at most 0.8 % above the exact ones over the recorded requests.
        var exact = LatencySummary.Of(recorded.Requests.Select(r => r.Latency));
        Assert.Equal(exact.Count, recorded.Latency.Count);
        Assert.Equal(exact.Max, recorded.Latency.Max);
        Assert.InRange(recorded.Latency.P99.Ticks, exact.P99.Ticks, exact.P99.Ticks * 1.008);
        Assert.InRange(recorded.Latency.P50.Ticks, exact.P50.Ticks, exact.P50.Ticks * 1.008);
    }

    [Fact]
    public void A_different_seed_gives_a_different_run()
    {
        Assert.NotEqual(RunRich(1).Events, RunRich(2).Events);
    }

    [Fact]
    public void The_event_log_matches_the_recorded_run_so_runs_agree_across_machines()
    {
        var result = RunRich(7);
        var digest = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(string.Join("\n", result.Events))));

        output.WriteLine($"{result.Events.Count} events, digest {digest}");
        Assert.Equal(GoldenDigest, digest);
    }

    private const string GoldenDigest = "61A649D9180C8AA72BFCF2EEF77937FE6C0CC2BEAEAF59C9CE95482E944ED682";

    [Fact]
    public void Code_resuming_on_the_thread_pool_after_a_cancelled_delay_is_tolerated()
    {
        // A per-request deadline of 250 ms that cancels a 1 s backoff: .NET resumes the cancelled Task.Delay's awaiter
        // on the thread pool. The loop serialises that code with its own and waits for it (best effort: under heavy
        // CPU contention a resumption can land a step late, so exact timing and order are not asserted here).
        SimulationResult Run()
        {
            var simulation = new Simulation(new SimulationOptions
            {
                Scenario = Scenario.Flaky(0.3),
                Requests = new RequestStream { RatePerSecond = 20, Duration = TimeSpan.FromSeconds(30) },
                Seed = 4,
            });
            return simulation.Run(op => async ct =>
            {
                using var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(250), simulation.Time);
                var first = await op.Run(ct).ConfigureAwait(false);
                if (first.IsRight)
                {
                    return first;
                }

                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), simulation.Time, deadline.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return Either<Error, SimulatedReply>.Left(new TimeoutError(TimeSpan.FromMilliseconds(250)));
                }

                return await op.Run(ct).ConfigureAwait(false);
            });
        }

        var result = Run();

        Assert.True(result.OffLoopResumptions > 50, $"only {result.OffLoopResumptions} resumptions");
        Assert.InRange(result.Requests.Count, 540, 660);
        Assert.Equal(result.FailuresByReason[nameof(TimeoutError)], result.Requests.Count - result.Succeeded);
        Assert.All(result.Requests.Where(r => !r.Succeeded), r => Assert.InRange(r.Latency, TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(999)));
    }

    [Fact]
    public void Without_resilience_every_request_makes_exactly_one_call_and_sees_the_downstream_as_it_is()
    {
        var simulation = new Simulation(new SimulationOptions
        {
            Scenario = Scenario.Flaky(0.2) with { Latency = LatencyDistribution.Constant(TimeSpan.FromMilliseconds(30)) },
            Requests = new RequestStream { RatePerSecond = 20, Pattern = ArrivalPattern.Uniform, Duration = TimeSpan.FromSeconds(100) },
            Seed = 5,
        });

        var result = simulation.Run(Pipelines.None);

        Assert.Equal(2000, result.Requests.Count);
        Assert.All(result.Requests, r => Assert.Equal(1, r.Calls));
        Assert.Equal(2000, result.DownstreamCalls);
        Assert.Equal(1.0, result.LoadAmplification);
        Assert.InRange(result.SuccessRate, 0.77, 0.83);
        Assert.Equal(TimeSpan.FromMilliseconds(30), result.Latency.P99);
        Assert.Equal(new[] { "HTTP 503" }, result.FailuresByReason.Keys);
        Assert.Equal(result.Requests.Count - result.Succeeded, result.FailuresByReason["HTTP 503"]);
        Assert.Equal(100, result.Timeline.Count);
        Assert.All(result.Timeline.Take(100), b => Assert.Equal(20, b.Arrivals));
        Assert.Equal(result.DownstreamCalls, result.Timeline.Sum(b => b.DownstreamCalls));
        Assert.Equal(1, result.PeakDownstreamInFlight);
    }

    [Fact]
    public void Retry_without_backoff_multiplies_downstream_load_during_an_outage()
    {
        SimulationResult Run(Func<Func<CancellationToken, ValueTask<Either<Error, SimulatedReply>>>, Func<CancellationToken, ValueTask<Either<Error, SimulatedReply>>>> pipeline) =>
            new Simulation(new SimulationOptions
            {
                Scenario = Scenario.OutageAndRecovery(OutageStart, OutageLength),
                Requests = new RequestStream { RatePerSecond = 50, Duration = TimeSpan.FromMinutes(5) },
                Seed = 9,
            }).Run(pipeline);

        var plain = Run(Pipelines.None);
        var retried = Run(Pipelines.RetryWithoutBackoff(5));
        var outageEnd = OutageStart + OutageLength;

        output.WriteLine($"no resilience: {plain}");
        output.WriteLine($"retry without backoff: {retried}");
        Assert.Equal(1.0, plain.LoadAmplificationBetween(OutageStart, outageEnd));
        Assert.Equal(5.0, retried.LoadAmplificationBetween(OutageStart + TimeSpan.FromSeconds(1), outageEnd - TimeSpan.FromSeconds(1)));
        Assert.InRange(retried.LoadAmplificationBetween(TimeSpan.Zero, OutageStart), 1.0, 1.05);
        Assert.Equal(0.0, retried.SuccessRateBetween(OutageStart + TimeSpan.FromSeconds(1), outageEnd - TimeSpan.FromSeconds(1)));

        var duringOutage = retried.Timeline.Where(b => b.Start >= OutageStart && b.Start < outageEnd - TimeSpan.FromSeconds(1)).ToList();
        var before = retried.Timeline.Where(b => b.Start < OutageStart).ToList();
        Assert.True(duringOutage.Average(b => b.DownstreamLoad) > 4 * before.Average(b => b.DownstreamLoad));
    }

    [Fact]
    public void Probes_record_a_timeline_of_changes_and_buckets_carry_the_value_at_their_end()
    {
        var result = RunRich(3);
        var breaker = result.Probes["breaker"];

        Assert.Equal(new ProbeSample(TimeSpan.Zero, "Closed"), breaker[0]);
        Assert.Contains(breaker, s => s.Value == "Open" && s.At >= OutageStart && s.At < OutageStart + TimeSpan.FromSeconds(5));
        Assert.Equal(breaker.Count, result.Events.Count(e => e.Kind == SimulationEventKind.ProbeChanged));
        Assert.All(breaker.Zip(breaker.Skip(1)), pair => Assert.True(pair.Item1.At <= pair.Item2.At && pair.Item1.Value != pair.Item2.Value));
        Assert.Contains(result.Timeline, b => b.Probes["breaker"] == "Open");
        Assert.Equal("Closed", result.Timeline[30].Probes["breaker"]);
        Assert.True(result.FailuresByReason.ContainsKey(nameof(CircuitOpenError)));
    }

    [Fact]
    public void The_callers_concurrency_limit_bounds_calls_in_flight_and_queueing_shows_in_latency()
    {
        var simulation = new Simulation(new SimulationOptions
        {
            Scenario = new Scenario { Latency = LatencyDistribution.Constant(TimeSpan.FromMilliseconds(100)) },
            Requests = new RequestStream { RatePerSecond = 100, Pattern = ArrivalPattern.Uniform, Duration = TimeSpan.FromSeconds(10), MaxConcurrency = 5 },
        });

        var result = simulation.Run(Pipelines.None);

        Assert.Equal(5, result.PeakDownstreamInFlight);
        Assert.Equal(1.0, result.SuccessRate);
        Assert.True(result.Latency.P99 > TimeSpan.FromSeconds(5), $"p99 {result.Latency.P99}");
        Assert.Equal(TimeSpan.FromMilliseconds(100), result.Requests[0].Latency);
    }

    [Fact]
    public void Requests_still_in_flight_after_the_drain_timeout_are_cancelled()
    {
        var simulation = new Simulation(new SimulationOptions
        {
            Scenario = new Scenario { Latency = LatencyDistribution.Constant(TimeSpan.FromHours(1)) },
            Requests = new RequestStream { RatePerSecond = 1, Pattern = ArrivalPattern.Uniform, Duration = TimeSpan.FromSeconds(10), MaxConcurrency = 4 },
            DrainTimeout = TimeSpan.FromSeconds(30),
        });

        var result = simulation.Run(Pipelines.None);

        Assert.Equal(0.0, result.SuccessRate);
        Assert.Equal(10, result.FailuresByReason[nameof(CancelledError)]);
        Assert.All(result.Requests, r => Assert.Equal(TimeSpan.FromSeconds(40), r.Completed));
        Assert.Equal(4, result.DownstreamCalls);
        Assert.Equal(0, simulation.Downstream.InFlight);
    }

    [Fact]
    public void A_simulation_runs_once_and_reports_a_pipeline_that_leaves_virtual_time()
    {
        var simulation = new Simulation(new SimulationOptions { Requests = new RequestStream { Duration = TimeSpan.FromSeconds(1) } });
        simulation.Run(Pipelines.None);
        Assert.Throws<InvalidOperationException>(() => simulation.Run(Pipelines.None));

        var never = new TaskCompletionSource<Either<Error, SimulatedReply>>();
        var stalled = new Simulation(new SimulationOptions { Requests = new RequestStream { Duration = TimeSpan.FromSeconds(1) } });
        var error = Assert.Throws<InvalidOperationException>(() => stalled.Run(_ => _ => new ValueTask<Either<Error, SimulatedReply>>(never.Task)));
        Assert.Contains("stalled", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ten_virtual_minutes_at_fifty_requests_per_second_simulate_in_a_few_seconds()
    {
        var options = new SimulationOptions
        {
            Scenario = Scenario.OutageAndRecovery(TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(1)) with { Overload = new Overload(30) },
            Requests = new RequestStream { RatePerSecond = 50, Duration = TimeSpan.FromMinutes(10) },
            Seed = 11,
        };
        new Simulation(options with { Requests = options.Requests with { Duration = TimeSpan.FromSeconds(10) } }).Run(Pipelines.RetryWithoutBackoff(3));

        var watch = Stopwatch.StartNew();
        var simulation = new Simulation(options);
        var result = simulation.Run(Pipelines.JitteredRetryWithTimeout(simulation, 3, TimeSpan.FromMilliseconds(300)));
        watch.Stop();

        output.WriteLine($"{result.Requests.Count} requests, {result.DownstreamCalls} calls, {result.Events.Count} events in {watch.ElapsedMilliseconds} ms: {result}");
        Assert.InRange(result.Requests.Count, 29_000, 31_000);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
    }
}
