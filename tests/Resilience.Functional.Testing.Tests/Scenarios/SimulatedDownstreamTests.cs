namespace Resilience.Functional.Testing.Tests;

public class SimulatedDownstreamTests
{
    private static readonly TimeSpan Ms20 = TimeSpan.FromMilliseconds(20);

    /// <summary>Calls the downstream once at <paramref name="at"/> and returns (reason, latency).</summary>
    private static (string Reason, TimeSpan Latency) CallAt(Scenario scenario, TimeSpan at, ulong seed = 1)
    {
        var loop = new VirtualTimeLoop();
        var downstream = new SimulatedDownstream(scenario, loop.Time, new SimulationRandom(seed));
        return loop.Run(
            async () =>
            {
                await Task.Delay(at, loop.Time);
                var outcome = await downstream.Call(CancellationToken.None);
                return (ErrorReason.Of(outcome), loop.Time.Elapsed - at);
            },
            TimeSpan.FromHours(1));
    }

    [Fact]
    public void An_outage_fails_every_call_with_its_error_after_its_latency()
    {
        var scenario = new Scenario
        {
            Latency = LatencyDistribution.Constant(Ms20),
            Outages = Seq1(new Outage(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5)) { Error = new HttpStatusError(502), Latency = TimeSpan.FromSeconds(3) }),
        };

        Assert.Equal(("ok", Ms20), CallAt(scenario, TimeSpan.FromSeconds(9)));
        Assert.Equal(("HTTP 502", TimeSpan.FromSeconds(3)), CallAt(scenario, TimeSpan.FromSeconds(10)));
        Assert.Equal(("HTTP 502", TimeSpan.FromSeconds(3)), CallAt(scenario, TimeSpan.FromSeconds(14.9)));
        Assert.Equal(("ok", Ms20), CallAt(scenario, TimeSpan.FromSeconds(15)));
    }

    [Fact]
    public void Slow_downs_multiply_latency_and_error_windows_replace_the_error_rate()
    {
        var scenario = new Scenario
        {
            Latency = LatencyDistribution.Constant(Ms20),
            SlowDowns = Seq(new SlowDown(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), 5), new SlowDown(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1), 2)),
            ErrorRateWindows = Seq1(new ErrorRateWindow(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(1), 1.0)),
            Failures = Seq1<Error>(Error.New(new IOException("connection reset"))),
        };

        Assert.Equal(("ok", TimeSpan.FromMilliseconds(100)), CallAt(scenario, TimeSpan.FromSeconds(2)));
        Assert.Equal(("ok", TimeSpan.FromMilliseconds(200)), CallAt(scenario, TimeSpan.FromSeconds(5.5)));
        Assert.Equal(("IOException", Ms20), CallAt(scenario, TimeSpan.FromSeconds(20)));
        Assert.Equal(0.0, scenario.ErrorRateAt(TimeSpan.FromSeconds(21)));
    }

    [Fact]
    public void Overload_raises_errors_and_latency_with_calls_in_flight()
    {
        var scenario = new Scenario
        {
            Latency = LatencyDistribution.Constant(TimeSpan.FromMilliseconds(100)),
            Overload = new Overload(10) { ErrorRatePerExcessRequest = 0.01, LatencyFactorPerExcessRequest = 0.1 },
        };
        var loop = new VirtualTimeLoop();
        var downstream = new SimulatedDownstream(scenario, loop.Time, new SimulationRandom(3));

        var (errors, slowest) = loop.Run(
            async () =>
            {
                var calls = Enumerable.Range(0, 60).Select(_ => downstream.Call(CancellationToken.None).AsTask()).ToArray();
                var results = await Task.WhenAll(calls);
                return (results.Count(r => r.IsLeft), loop.Time.Elapsed);
            },
            TimeSpan.FromHours(1));

        Assert.Equal(60, downstream.PeakInFlight);
        Assert.Equal(0, downstream.InFlight);
        Assert.InRange(errors, 5, 40); // expected ≈ Σ 0.01·k for k = 1..50 ≈ 12.75 of 60, all drawn on one seed
        Assert.Equal(TimeSpan.FromMilliseconds(100 * (1 + (0.1 * 50))), slowest);
    }

    [Fact]
    public void A_cancelled_call_stops_waiting_and_returns_cancelled()
    {
        var scenario = new Scenario { Latency = LatencyDistribution.Constant(TimeSpan.FromMinutes(5)) };
        var loop = new VirtualTimeLoop();
        var downstream = new SimulatedDownstream(scenario, loop.Time, new SimulationRandom(1));

        var (reason, at) = loop.Run(
            async () =>
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2), loop.Time);
                var outcome = await downstream.Call(cts.Token);
                return (ErrorReason.Of(outcome), loop.Time.Elapsed);
            },
            TimeSpan.FromHours(1));

        Assert.Equal(nameof(CancelledError), reason);
        Assert.Equal(TimeSpan.FromSeconds(2), at);
        Assert.Equal(0, downstream.InFlight);
        Assert.Equal(0, loop.Time.PendingTimers);
    }

    [Fact]
    public void Latency_distributions_stay_in_their_bounds_and_log_normal_has_its_median()
    {
        var random = new SimulationRandom(11);
        var uniform = LatencyDistribution.Uniform(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(30));
        Assert.All(Enumerable.Range(0, 1000).Select(_ => uniform.Sample(random)), l => Assert.InRange(l.TotalMilliseconds, 10, 30));

        var logNormal = LatencyDistribution.LogNormal(TimeSpan.FromMilliseconds(50), 0.5);
        var median = LatencySummary.Of(Enumerable.Range(0, 20_000).Select(_ => logNormal.Sample(random))).P50;
        Assert.InRange(median.TotalMilliseconds, 48, 52);
    }

    [Fact]
    public void Bad_settings_fail_at_construction_naming_the_setting()
    {
        Assert.Equal("ErrorRate", Assert.Throws<ArgumentOutOfRangeException>(() => new Scenario { ErrorRate = 1.5 }).ParamName);
        Assert.Equal("Failures", Assert.Throws<ArgumentException>(() => new Scenario { Failures = Seq<Error>() }).ParamName);
        Assert.Equal("Duration", Assert.Throws<ArgumentOutOfRangeException>(() => new Outage(TimeSpan.Zero, TimeSpan.Zero)).ParamName);
        Assert.Equal("Start", Assert.Throws<ArgumentOutOfRangeException>(() => new SlowDown(TimeSpan.FromSeconds(-1), TimeSpan.FromSeconds(1), 2)).ParamName);
        Assert.Equal("Factor", Assert.Throws<ArgumentOutOfRangeException>(() => new SlowDown(TimeSpan.Zero, TimeSpan.FromSeconds(1), 0)).ParamName);
        Assert.Equal("Capacity", Assert.Throws<ArgumentOutOfRangeException>(() => new Overload(0)).ParamName);
        Assert.Equal("max", Assert.Throws<ArgumentOutOfRangeException>(() => LatencyDistribution.Uniform(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1))).ParamName);
        Assert.Equal("sigma", Assert.Throws<ArgumentOutOfRangeException>(() => LatencyDistribution.LogNormal(TimeSpan.FromSeconds(1), double.NaN)).ParamName);
        Assert.Equal("RatePerSecond", Assert.Throws<ArgumentOutOfRangeException>(() => new RequestStream { RatePerSecond = 0 }).ParamName);
        Assert.Equal("MaxConcurrency", Assert.Throws<ArgumentOutOfRangeException>(() => new RequestStream { MaxConcurrency = 0 }).ParamName);
        Assert.Equal("BucketSize", Assert.Throws<ArgumentOutOfRangeException>(() => new SimulationOptions { BucketSize = TimeSpan.Zero }).ParamName);
        Assert.Equal("ErrorRate", Assert.Throws<ArgumentOutOfRangeException>(() => new Scenario() with { ErrorRate = -0.1 }).ParamName);
    }

    [Fact]
    public void An_invalid_request_fails_every_call_with_http_400_and_the_share_of_invalid_requests_follows_the_rate()
    {
        var result = new Simulation(new SimulationOptions
        {
            Scenario = Scenario.MixedErrors(0, 0.2),
            Requests = new RequestStream { RatePerSecond = 50, Duration = TimeSpan.FromSeconds(60) },
        }).Run(Pipelines.RetryWithoutBackoff(4));

        var invalid = result.Requests.Where(r => !r.Succeeded).ToList();
        Assert.All(invalid, r => Assert.Equal(("HTTP 400", 4), (r.Reason, r.Calls)));
        Assert.All(result.Requests.Where(r => r.Succeeded), r => Assert.Equal(1, r.Calls));
        Assert.InRange(invalid.Count / (double)result.Requests.Count, 0.17, 0.23);
    }
}
