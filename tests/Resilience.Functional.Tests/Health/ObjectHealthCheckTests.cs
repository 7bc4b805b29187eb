using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Tests;

/// <summary>The ready checks of the breaker, bulkhead, token bucket and retry budgets follow their objects.</summary>
public class ObjectHealthCheckTests
{
    private static readonly Error Transient = new TimeoutError(TimeSpan.FromSeconds(1));

    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private async Task<HealthResult> Observe(HealthCheck check)
    {
        var entry = await check.RunAsync(time, CancellationToken.None);
        Assert.True(entry.Result.IsSome, $"the check failed: {entry.Description}");
        var result = (HealthResult)entry.Result.Case!;
        Assert.Equal(entry.State, result.State);
        return result;
    }

    private async Task<(HealthState State, double? Observed)> Read(HealthCheck check)
    {
        var result = await Observe(check);
        return (result.State, result.ObservedValue);
    }

    [Fact]
    public async Task The_breaker_check_follows_closed_open_half_open_and_isolated()
    {
        var breaker = new CircuitBreaker(new CircuitBreakerOptions
        {
            ConsecutiveFailures = 2,
            BreakDuration = BreakDuration.Fixed(TimeSpan.FromSeconds(10)),
            TimeProvider = time,
        });
        var check = HealthCheck.ForCircuitBreaker("payments", breaker);
        Assert.Equal("payments:circuit", check.Key);
        var failing = Op.Fail<int>(Transient).WithCircuitBreaker(breaker);

        Assert.Equal((HealthState.Healthy, 0.0), await Read(check));
        _ = failing(CancellationToken.None);
        var oneFailure = await Observe(check);
        Assert.Equal(HealthState.Healthy, oneFailure.State);
        Assert.Equal(1, oneFailure.Data["consecutiveFailures"]);

        _ = failing(CancellationToken.None);
        var open = await Observe(check);
        Assert.Equal((HealthState.Unhealthy, 10.0, "s"), (open.State, open.ObservedValue, open.ObservedUnit));
        Assert.Equal("Open", open.Data["state"]);
        Assert.Equal(TimeSpan.FromSeconds(10), open.Data["timeUntilHalfOpen"]);
        Assert.Equal(1, open.Data["openings"]);

        time.Advance(TimeSpan.FromSeconds(4));
        var later = await Observe(check);
        Assert.Equal((HealthState.Unhealthy, 6.0), (later.State, later.ObservedValue));
        Assert.Equal(TimeSpan.FromSeconds(6), later.Data["timeUntilHalfOpen"]);

        time.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal((HealthState.Degraded, 0.0), await Read(check));
        Assert.Equal("HalfOpen", (await Observe(check)).Data["state"]);

        _ = Op.Succeed(1).WithCircuitBreaker(breaker)(CancellationToken.None);
        Assert.Equal((HealthState.Healthy, 0.0), await Read(check));

        breaker.Isolate();
        var isolated = await Observe(check);
        Assert.Equal((HealthState.Unhealthy, null, "Isolated"), (isolated.State, isolated.ObservedValue, isolated.Data["state"]));
        breaker.Reset();
        Assert.Equal(HealthState.Healthy, (await Observe(check)).State);
    }

    [Fact]
    public async Task The_breaker_check_reports_its_window_counts()
    {
        var breaker = new CircuitBreaker(new CircuitBreakerOptions
        {
            ConsecutiveFailures = null,
            FailureRatio = 0.5,
            Window = SlidingWindow.ByCount(10),
            MinimumThroughput = 4,
            TimeProvider = time,
        });
        var check = HealthCheck.ForCircuitBreaker("inventory", breaker);
        _ = Op.Succeed(1).WithCircuitBreaker(breaker)(CancellationToken.None);
        _ = Op.Succeed(1).WithCircuitBreaker(breaker)(CancellationToken.None);
        _ = Op.Fail<int>(Transient).WithCircuitBreaker(breaker)(CancellationToken.None);

        var result = await Observe(check);
        Assert.Equal(HealthState.Healthy, result.State);
        Assert.Equal((3, 1, 0), (result.Data["windowCalls"], result.Data["windowFailures"], result.Data["windowSlowCalls"]));
    }

    [Fact]
    public async Task The_bulkhead_check_follows_saturation_and_reports_the_queue()
    {
        var bulkhead = new Bulkhead(new BulkheadOptions { MaxConcurrency = 4, MaxQueueLength = 2, TimeProvider = time });
        var check = HealthCheck.ForBulkhead("db", bulkhead);
        Assert.Equal("db:utilization", check.Key);
        var gates = new List<TaskCompletionSource<Either<Error, int>>>();
        var calls = new List<Task<Either<Error, int>>>();

        void Hold()
        {
            var gate = new TaskCompletionSource<Either<Error, int>>(TaskCreationOptions.RunContinuationsAsynchronously);
            gates.Add(gate);
            calls.Add(Op.Of<int>(_ => new ValueTask<Either<Error, int>>(gate.Task)).WithBulkhead(bulkhead)(CancellationToken.None).AsTask());
        }

        Assert.Equal((HealthState.Healthy, 0.0), await Read(check));
        for (var i = 0; i < 3; i++)
        {
            Hold();
        }

        Assert.Equal((HealthState.Healthy, 0.75), await Read(check));
        Hold();
        Assert.Equal((HealthState.Unhealthy, 1.0), await Read(check));
        Hold();
        var queued = await Observe(check);
        Assert.Equal((4, 1, 4, 2), (queued.Data["inUse"], queued.Data["queued"], queued.Data["maxConcurrency"], queued.Data["maxQueueLength"]));

        var degraded = HealthCheck.ForBulkhead("db", bulkhead, new HealthThresholds(0.5, 1.0));
        foreach (var gate in gates)
        {
            gate.SetResult(Right<Error, int>(1));
        }

        await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal((HealthState.Healthy, 0.0), await Read(degraded));
        Assert.Equal(0, (await Observe(check)).Data["queued"]);
    }

    [Fact]
    public async Task The_concurrency_limiter_check_follows_saturation_of_the_current_limit()
    {
        var limiter = new AdaptiveConcurrencyLimiter(new AdaptiveConcurrencyOptions { InitialLimit = 4, MaxLimit = 4, MaxQueueLength = 1, Algorithm = new AimdOptions(), TimeProvider = time });
        var check = HealthCheck.ForConcurrencyLimiter("api", limiter);
        Assert.Equal("api:utilization", check.Key);
        var gate = new TaskCompletionSource<Either<Error, int>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = Op.Of<int>(_ => new ValueTask<Either<Error, int>>(gate.Task)).WithConcurrencyLimit(limiter);

        Assert.Equal((HealthState.Healthy, 0.0), await Read(check));
        var calls = Enumerable.Range(0, 3).Select(_ => held(CancellationToken.None).AsTask()).ToList();
        Assert.Equal((HealthState.Degraded, 0.75), await Read(HealthCheck.ForConcurrencyLimiter("api", limiter, new HealthThresholds(0.5, 1.0))));
        calls.AddRange(Enumerable.Range(0, 2).Select(_ => held(CancellationToken.None).AsTask()));
        var full = await Observe(check);
        Assert.Equal((HealthState.Unhealthy, 1.0), (full.State, full.ObservedValue));
        Assert.Equal((4, 4, 1, 4, 1, 1), (full.Data["inFlight"], full.Data["limit"], full.Data["minLimit"], full.Data["maxLimit"], full.Data["queued"], full.Data["maxQueueLength"]));

        gate.SetResult(Right<Error, int>(1));
        await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal((HealthState.Healthy, 0.0), await Read(check));
    }

    [Fact]
    public async Task The_single_flight_check_follows_the_age_of_the_oldest_execution_in_flight()
    {
        var flights = new SingleFlight<string, int>(new SingleFlightOptions { TimeProvider = time });
        var check = HealthCheck.ForSingleFlight("loader", flights, TimeSpan.FromSeconds(10));
        Assert.Equal("loader:oldest_in_flight", check.Key);
        var gate = new TaskCompletionSource<Either<Error, int>>(TaskCreationOptions.RunContinuationsAsynchronously);
        Func<CancellationToken, ValueTask<Either<Error, int>>> held = _ => new(gate.Task);

        Assert.Equal((HealthState.Healthy, 0.0), await Read(check));
        var first = held.WithSingleFlight(flights, "a")(CancellationToken.None).AsTask();
        time.Advance(TimeSpan.FromSeconds(8));
        var second = held.WithSingleFlight(flights, "b")(CancellationToken.None).AsTask();
        Assert.Equal((HealthState.Degraded, 8.0), await Read(check));

        time.Advance(TimeSpan.FromSeconds(2));
        var stuck = await Observe(check);
        Assert.Equal((HealthState.Unhealthy, 10.0, 2), (stuck.State, stuck.ObservedValue, stuck.Data["inFlight"]));

        gate.SetResult(Right<Error, int>(1));
        await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal((HealthState.Healthy, 0.0), await Read(check));
        Assert.Equal("stuckAfter", Assert.Throws<ArgumentOutOfRangeException>(() => HealthCheck.ForSingleFlight("loader", flights, TimeSpan.Zero)).ParamName);
    }

    [Fact]
    public async Task The_token_bucket_check_follows_exhaustion()
    {
        var bucket = new TokenBucket(new TokenBucketOptions { TokensPerPeriod = 1, Period = TimeSpan.FromSeconds(1), Burst = 10, TimeProvider = time });
        var check = HealthCheck.ForTokenBucket("api", bucket);
        Assert.Equal("api:utilization", check.Key);

        Assert.Equal((HealthState.Healthy, 0.0), await Read(check));
        for (var i = 0; i < 8; i++)
        {
            Assert.True(bucket.TryAcquire());
        }

        var (state, observed) = await Read(check);
        Assert.Equal(HealthState.Degraded, state);
        Assert.Equal(0.8, observed!.Value, 9);
        Assert.True(bucket.TryAcquire());
        Assert.True(bucket.TryAcquire());
        Assert.Equal((HealthState.Unhealthy, 1.0), await Read(check));

        time.Advance(TimeSpan.FromSeconds(5));
        var refilled = await Observe(check);
        Assert.Equal(HealthState.Healthy, refilled.State);
        Assert.Equal(0.5, refilled.ObservedValue!.Value, 9);
        Assert.Equal(5.0, (double)refilled.Data["availableTokens"]!, 9);
    }

    [Fact]
    public async Task The_token_ratio_budget_check_follows_its_headroom()
    {
        var budget = new TokenRatioRetryBudget(10, 0.5);
        var check = HealthCheck.ForRetryBudget("retries", budget);
        Assert.Equal("retries:utilization", check.Key);
        var readings = new List<(HealthState, double?)> { await Read(check) };
        foreach (var step in new[] { -2, -2, -1, +2 })
        {
            for (var i = 0; i < Math.Abs(step); i++)
            {
                if (step < 0)
                {
                    budget.RecordFailure();
                }
                else
                {
                    budget.RecordSuccess();
                }
            }

            readings.Add(await Read(check));
        }

        // Tokens 10 → 8 → 6 → 5 (retries stop at half the capacity) → 6.
        Assert.Equal([(HealthState.Healthy, 0.0), (HealthState.Healthy, 0.4), (HealthState.Degraded, 0.8), (HealthState.Unhealthy, 1.0), (HealthState.Degraded, 0.8)], readings.Select(r => (r.Item1, Math.Round(r.Item2!.Value, 9) as double?)));
        Assert.True(budget.IsExhausted == false);
        Assert.Equal(false, (await Observe(check)).Data["exhausted"]);
    }

    [Fact]
    public async Task The_percent_budget_check_follows_its_balance_over_time()
    {
        var budget = new PercentRetryBudget(new PercentRetryBudgetOptions
        {
            Ttl = TimeSpan.FromSeconds(10),
            MinRetriesPerSecond = 1,
            RetryRatio = 0.1,
            TimeProvider = time,
        });
        var check = HealthCheck.ForRetryBudget("retries", budget);
        Assert.Equal((HealthState.Healthy, 0.0), await Read(check));
        for (var i = 0; i < 8; i++)
        {
            Assert.True(budget.TryWithdraw());
        }

        var (state, observed) = await Read(check);
        Assert.Equal(HealthState.Degraded, state);
        Assert.Equal(0.8, observed!.Value, 9);
        Assert.True(budget.TryWithdraw());
        Assert.True(budget.TryWithdraw());
        Assert.Equal((HealthState.Unhealthy, 1.0), await Read(check));
        Assert.Equal(true, (await Observe(check)).Data["exhausted"]);

        time.Advance(TimeSpan.FromSeconds(11));
        Assert.Equal((HealthState.Healthy, 0.0), await Read(check));
    }

    [Fact]
    public async Task Health_json_keys_each_object_check_component_colon_measurement()
    {
        var breaker = new CircuitBreaker(new CircuitBreakerOptions { TimeProvider = time });
        breaker.Isolate();
        var registry = new HealthRegistry(
            [
                HealthCheck.ForCircuitBreaker("payments", breaker),
                HealthCheck.ForBulkhead("db", new Bulkhead(new BulkheadOptions { TimeProvider = time })),
                HealthCheck.ForTokenBucket("api", new TokenBucket(new TokenBucketOptions { TimeProvider = time })),
                HealthCheck.ForRetryBudget("retries", new TokenRatioRetryBudget(10, 0.1)),
            ],
            time);
        var report = (await registry.RunAsync(CancellationToken.None)).Match(r => r, e => throw new Xunit.Sdk.XunitException(e.Message));
        using var json = JsonDocument.Parse(HealthJson.Render(report));

        var checks = json.RootElement.GetProperty("checks");
        Assert.Equal(["payments:circuit", "db:utilization", "api:utilization", "retries:utilization"], checks.EnumerateObject().Select(p => p.Name));
        Assert.Equal("warn", json.RootElement.GetProperty("status").GetString());
        var payments = checks.GetProperty("payments:circuit")[0];
        Assert.Equal("fail", payments.GetProperty("status").GetString());
        Assert.Equal("isolated", payments.GetProperty("output").GetString());
        Assert.Equal(0.0, checks.GetProperty("db:utilization")[0].GetProperty("observedValue").GetDouble());
        Assert.Equal("pass", checks.GetProperty("retries:utilization")[0].GetProperty("status").GetString());
    }

    [Fact]
    public void Object_checks_reject_null_objects_and_bad_names_at_construction()
    {
        Assert.Equal("breaker", Assert.Throws<ArgumentNullException>(() => HealthCheck.ForCircuitBreaker("x", null!)).ParamName);
        Assert.Equal("bulkhead", Assert.Throws<ArgumentNullException>(() => HealthCheck.ForBulkhead("x", null!)).ParamName);
        Assert.Equal("bucket", Assert.Throws<ArgumentNullException>(() => HealthCheck.ForTokenBucket("x", null!)).ParamName);
        Assert.Equal("budget", Assert.Throws<ArgumentNullException>(() => HealthCheck.ForRetryBudget("x", null!)).ParamName);
        Assert.Equal("thresholds", Assert.Throws<ArgumentNullException>(() => HealthCheck.ForRetryBudget("x", new TokenRatioRetryBudget(1, 1), null!)).ParamName);
        Assert.Throws<ArgumentException>(() => HealthCheck.ForRetryBudget(" ", new TokenRatioRetryBudget(1, 1)));
    }

    [Fact]
    public void State_and_object_checks_name_a_missing_argument_at_construction()
    {
        Assert.Equal("probe", Assert.Throws<ArgumentNullException>(() => HealthCheck.FromState("x", null!)).ParamName);
        Assert.Equal("usageRatio", Assert.Throws<ArgumentNullException>(() => HealthCheck.FromUsageRatio("x", null!, HealthThresholds.Default)).ParamName);
        Assert.Equal("thresholds", Assert.Throws<ArgumentNullException>(() => HealthCheck.FromUsageRatio("x", () => 0, null!)).ParamName);
        Assert.Equal("thresholds", Assert.Throws<ArgumentNullException>(() => HealthCheck.UsageResult(0, null!)).ParamName);
        Assert.Equal("limiter", Assert.Throws<ArgumentNullException>(() => HealthCheck.ForConcurrencyLimiter("x", null!, HealthThresholds.Default)).ParamName);
        Assert.Equal("flights", Assert.Throws<ArgumentNullException>(() => HealthCheck.ForSingleFlight<string, int>("x", null!, TimeSpan.FromSeconds(1))).ParamName);
    }

    [Fact]
    public void A_usage_result_describes_the_share_used_and_observes_no_value_for_an_unknown_ratio()
    {
        var quarter = HealthCheck.UsageResult(0.25, HealthThresholds.Default);
        var unknown = HealthCheck.UsageResult(double.NaN, HealthThresholds.Default);

        Assert.Equal((HealthState.Healthy, $"{0.25:P0} used", 0.25, "ratio"), (quarter.State, quarter.Description, quarter.ObservedValue, quarter.ObservedUnit));
        Assert.Equal(HealthState.Unhealthy, unknown.State);
        Assert.Null(unknown.ObservedValue);
    }

    [Fact]
    public async Task Object_checks_describe_their_state_and_report_their_data()
    {
        var breaker = new CircuitBreaker(new CircuitBreakerOptions { ConsecutiveFailures = 1, BreakDuration = BreakDuration.Fixed(TimeSpan.FromSeconds(10)), TimeProvider = time });
        var circuit = HealthCheck.ForCircuitBreaker("payments", breaker);
        Assert.Equal("closed", (await Observe(circuit)).Description);
        _ = Op.Fail<int>(Transient).WithCircuitBreaker(breaker)(CancellationToken.None);
        Assert.Equal($"open, half-open in {TimeSpan.FromSeconds(10)}", (await Observe(circuit)).Description);
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal("half-open", (await Observe(circuit)).Description);

        var bucket = new TokenBucket(new TokenBucketOptions { TokensPerPeriod = 1, Burst = 10, TimeProvider = time });
        Assert.Equal(10, (await Observe(HealthCheck.ForTokenBucket("api", bucket))).Data["burst"]);

        var flights = new SingleFlight<string, int>(new SingleFlightOptions { TimeProvider = time });
        var gate = new TaskCompletionSource<Either<Error, int>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = Op.Of<int>(_ => new(gate.Task)).WithSingleFlight(flights, "a")(CancellationToken.None).AsTask();
        time.Advance(TimeSpan.FromSeconds(3));
        var loader = await Observe(HealthCheck.ForSingleFlight("loader", flights, TimeSpan.FromSeconds(10)));
        gate.SetResult(Right<Error, int>(1));
        await held.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("oldest execution in flight: 3s (stuck after 10s)", loader.Description);
        Assert.Equal((3.0, "s"), (loader.ObservedValue, loader.ObservedUnit));
        Assert.Equal((1, 0), (loader.Data["inFlight"], loader.Data["reusable"]));
    }
}
