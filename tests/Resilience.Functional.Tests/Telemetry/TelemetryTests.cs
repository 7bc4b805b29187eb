using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Tests;

/// <summary>Telemetry is process-wide (one meter, one activity source): these tests run alone, not beside others.</summary>
[CollectionDefinition(nameof(TelemetryCollection), DisableParallelization = true)]
public sealed class TelemetryCollection;

[Collection(nameof(TelemetryCollection))]
public sealed class TelemetryTests : IDisposable
{
    private static readonly Either<Error, int> Fail = Left<Error, int>(Downstream.Transient);
    private static readonly Either<Error, int> Ok = Right<Error, int>(42);

    private readonly string name = $"test-{Guid.NewGuid():N}";
    private readonly List<Measurement> measurements = [];
    private readonly MeterListener listener = new();

    public TelemetryTests()
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ResilienceTelemetry.Name)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        listener.Start();
    }

    private sealed record Measurement(string Instrument, string? Unit, double Value, Dictionary<string, object?> Tags);

    public void Dispose() => listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var map = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            map[tag.Key] = tag.Value;
        }

        if (Equals(map.GetValueOrDefault(ResilienceTelemetry.PolicyNameTag), name) || Equals(map.GetValueOrDefault(ResilienceTelemetry.PipelineNameTag), name))
        {
            lock (measurements)
            {
                measurements.Add(new(instrument.Name, instrument.Unit, value, map));
            }
        }
    }

    private List<Measurement> Of(string instrument) => measurements.Where(m => m.Instrument == instrument).ToList();

    [Fact]
    public void Attempts_retries_and_durations_are_counted_with_units_and_tags()
    {
        var clock = new FakeTimeProvider();
        var downstream = new Downstream(clock);
        var policy = Policy.Retry(new RetryOptions { Backoff = Backoff.Constant(TimeSpan.FromMilliseconds(100)).MaxRetries(3), TimeProvider = clock }).Named(name);

        var (outcomes, _) = Downstream.Drive(clock, policy.Wrap(downstream.Scripted(Fail, Fail, Ok)));

        Assert.Equal(["Right 42"], outcomes);
        var attempts = Of(ResilienceTelemetry.Attempts);
        Assert.Equal(3, attempts.Count);
        Assert.All(attempts, a => Assert.Equal("{attempt}", a.Unit));
        Assert.Equal(["failure", "failure", "success"], attempts.Select(a => a.Tags[ResilienceTelemetry.OutcomeTag]));
        Assert.Equal(["TimeoutError", "TimeoutError", null], attempts.Select(a => a.Tags.GetValueOrDefault(ResilienceTelemetry.ErrorTypeTag)));

        var attemptDurations = Of(ResilienceTelemetry.AttemptDuration);
        Assert.Equal(3, attemptDurations.Count);
        Assert.All(attemptDurations, d => Assert.Equal("s", d.Unit));

        var retries = Of(ResilienceTelemetry.Retries);
        Assert.Equal(2, retries.Count);
        Assert.All(retries, r => Assert.Equal(("{retry}", "TimeoutError"), (r.Unit, r.Tags[ResilienceTelemetry.ErrorTypeTag])));

        var duration = Assert.Single(Of(ResilienceTelemetry.Duration));
        Assert.Equal(("s", "success"), (duration.Unit, duration.Tags[ResilienceTelemetry.OutcomeTag]));
        Assert.True(duration.Value >= 0);
    }

    [Fact]
    public void A_user_OnRetry_still_runs_when_telemetry_counts_retries()
    {
        var seen = new List<int>();
        var policy = Policy.Retry(new RetryOptions { Backoff = Backoff.Immediate.MaxRetries(2), OnRetry = r => seen.Add(r.Attempt) }).Named(name);
        var downstream = new Downstream(new FakeTimeProvider());

        Assert.Equal(42, (int)policy.Wrap(downstream.Scripted(Fail, Fail, Ok)).RunSync());
        Assert.Equal([1, 2], seen);
        Assert.Equal(2, Of(ResilienceTelemetry.Retries).Count);
    }

    [Fact]
    public void Rejections_are_counted_by_reason()
    {
        var clock = new FakeTimeProvider();
        var downstream = new Downstream(clock);
        var breaker = new CircuitBreaker(new() { ConsecutiveFailures = 1, TimeProvider = clock });
        var bucket = new TokenBucket(new() { Burst = 1, TokensPerPeriod = 1, TimeProvider = clock });
        var bulkhead = new Bulkhead(new() { MaxConcurrency = 1, TimeProvider = clock });

        Downstream.DriveSequentially(clock, Policy.CircuitBreaker(breaker).Named(name).Wrap(downstream.Scripted(Fail)), 2);
        Downstream.DriveSequentially(clock, Policy.RateLimiter(bucket).Named(name).Wrap(downstream.Scripted(Ok)), 2);
        Downstream.Drive(clock, Policy.Bulkhead(bulkhead).Named(name).Wrap(downstream.Slow(TimeSpan.FromSeconds(1))), callers: 2);
        Downstream.Drive(clock, Policy.Timeout(new() { Timeout = TimeSpan.FromSeconds(1), TimeProvider = clock }).Named(name).Wrap(downstream.Hangs()));
        Policy.Retry(new RetryOptions { Backoff = Backoff.Immediate.MaxRetries(1) }).Named(name).Wrap(downstream.Scripted(Fail)).RunSync();
        var empty = new TokenRatioRetryBudget(1, 0.1);
        empty.RecordFailure();
        Policy.Retry(new RetryOptions { Backoff = Backoff.Immediate.MaxRetries(1), Budget = empty }).Named(name).Wrap(downstream.Scripted(Fail)).RunSync();

        var rejections = Of(ResilienceTelemetry.Rejections);
        Assert.All(rejections, r => Assert.Equal("{rejection}", r.Unit));
        Assert.Equal(
            ["circuit_open", "rate_limited", "bulkhead_full", "timeout", "retries_exhausted", "retry_budget_exhausted"],
            rejections.Select(r => (string)r.Tags[ResilienceTelemetry.RejectionReasonTag]!));
    }

    [Fact]
    public void Breaker_transitions_are_counted_with_from_and_to_states()
    {
        var clock = new FakeTimeProvider();
        var downstream = new Downstream(clock);
        // A breaker reports its transitions under its own name, whichever policies or operations share it.
        var breaker = new CircuitBreaker(new() { ConsecutiveFailures = 1, BreakDuration = BreakDuration.Fixed(TimeSpan.FromSeconds(5)), TimeProvider = clock, Name = name });
        var policy = Policy.CircuitBreaker(breaker).Named(name);
        var op = policy.Wrap(downstream.Scripted(Fail, Ok));

        // Other operations and policies on the same breaker, measured too, must not make a transition count twice.
        Downstream.Drive(clock, policy.Wrap(new Downstream(clock).Scripted(Ok)));
        Downstream.Drive(clock, Policy.CircuitBreaker(breaker).Named(name).Wrap(new Downstream(clock).Scripted(Ok)));
        Downstream.Drive(clock, op);
        clock.Advance(TimeSpan.FromSeconds(5));
        Downstream.Drive(clock, op);

        var transitions = Of(ResilienceTelemetry.BreakerTransitions);
        Assert.All(transitions, t => Assert.Equal("{transition}", t.Unit));
        Assert.Equal(
            [("closed", "open"), ("open", "half_open"), ("half_open", "closed")],
            transitions.Select(t => ((string)t.Tags[ResilienceTelemetry.FromStateTag]!, (string)t.Tags[ResilienceTelemetry.ToStateTag]!)));
    }

    [Fact]
    public void A_pipeline_measures_its_execution_once_and_each_layer_reports_its_events_under_its_own_name()
    {
        var clock = new FakeTimeProvider();
        var downstream = new Downstream(clock);
        var pipeline = Policy.Pipeline(
            Policy.Timeout(new() { Timeout = TimeSpan.FromSeconds(1), TimeProvider = clock }),
            Policy.Retry(new RetryOptions { Backoff = Backoff.Immediate.MaxRetries(1) })).Named(name);

        var measured = Downstream.Drive(clock, pipeline.Wrap(downstream.Hangs()));

        var bareClock = new FakeTimeProvider();
        var bare = Downstream.Drive(bareClock, new Downstream(bareClock).Hangs()
            .WithRetry(new RetryOptions { Backoff = Backoff.Immediate.MaxRetries(1) })
            .WithTimeout(new TimeoutOptions { Timeout = TimeSpan.FromSeconds(1), TimeProvider = bareClock }));
        Assert.Equal(bare.Outcomes, measured.Outcomes); // measuring changes nothing
        Assert.Equal(bare.Elapsed, measured.Elapsed);
        Assert.All(measurements, m => Assert.Equal(name, m.Tags[ResilienceTelemetry.PipelineNameTag]));
        var rejection = Assert.Single(Of(ResilienceTelemetry.Rejections));
        Assert.Equal(("timeout", "timeout"), ((string)rejection.Tags[ResilienceTelemetry.PolicyNameTag]!, (string)rejection.Tags[ResilienceTelemetry.RejectionReasonTag]!));
        Assert.Equal("retry", Assert.Single(Of(ResilienceTelemetry.Attempts)).Tags[ResilienceTelemetry.PolicyNameTag]);
        var durations = Of(ResilienceTelemetry.Duration);
        var duration = Assert.Single(durations); // the pipeline's, not one per layer
        Assert.Equal(name, duration.Tags[ResilienceTelemetry.PolicyNameTag]);
        Assert.Equal("TimeoutError", duration.Tags[ResilienceTelemetry.ErrorTypeTag]);
    }

    [Fact]
    public void Every_execution_is_an_activity_with_outcome_tags_and_retry_events()
    {
        var activities = new List<Activity>();
        using var tracing = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ResilienceTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                if (a.DisplayName == name)
                {
                    lock (activities)
                    {
                        activities.Add(a);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(tracing);
        var downstream = new Downstream(new FakeTimeProvider());
        var policy = Policy.Retry(new RetryOptions { Backoff = Backoff.Immediate.MaxRetries(1) }).Named(name);
        var before = Activity.Current;

        Assert.Equal(42, (int)policy.Wrap(downstream.Scripted(Fail, Ok)).RunSync());
        policy.Wrap(downstream.Scripted(Left<Error, int>(Downstream.Permanent))).RunSync();

        Assert.Same(before, Activity.Current);
        Assert.Equal(2, activities.Count);
        Assert.Equal("success", activities[0].GetTagItem(ResilienceTelemetry.OutcomeTag));
        Assert.Equal("resilience.retry", Assert.Single(activities[0].Events).Name);
        Assert.Equal(ActivityStatusCode.Error, activities[1].Status);
        Assert.Equal("Expected", activities[1].GetTagItem(ResilienceTelemetry.ErrorTypeTag));
    }

    [Fact]
    public void With_nobody_listening_nothing_is_recorded_and_the_success_path_allocates_nothing()
    {
        listener.Dispose();
        Assert.False(ResilienceTelemetry.IsListening);
        var pipeline = Policy.Pipeline(
            Policy.Timeout(new() { Timeout = TimeSpan.FromSeconds(30) }),
            Policy.Retry(new RetryOptions()),
            Policy.CircuitBreaker(new CircuitBreaker(new())),
            Policy.Timeout(new() { Timeout = TimeSpan.FromSeconds(10) })).Named(name);
        var op = pipeline.Wrap(Op.Succeed(42));

        Assert.Equal(0, Allocations.LeastPerRound(() => _ = op(CancellationToken.None).Result));
        Assert.Empty(measurements);
    }

    [Fact]
    public void With_nobody_listening_every_pattern_applied_operation_first_allocates_nothing_on_success()
    {
        listener.Dispose();
        Assert.False(ResilienceTelemetry.IsListening);
        var chaos = new ChaosController(new ChaosOptions { Random = new Random(1), Enabled = false });
        var op = Op.Succeed(42)
            .WithChaos(chaos, new ChaosFault(1, Downstream.Transient) { Name = name })
            .WithChaos(chaos, new ChaosLatency(1, TimeSpan.FromSeconds(1)) { Name = name })
            .WithHedging(new HedgingOptions { Name = name })
            .WithTimeout(new TimeoutOptions { Timeout = TimeSpan.FromSeconds(10), Name = name })
            .WithRetry(new RetryOptions { Name = name })
            .WithCircuitBreaker(new CircuitBreaker(new() { Name = name }))
            .WithBulkhead(new Bulkhead(new() { MaxConcurrency = 4, Name = name }))
            .WithRateLimiter(new TokenBucket(new() { Burst = 1_000_000, TokensPerPeriod = 1_000_000, Name = name }))
            .WithFallback(new FallbackOptions<int>(_ => Op.Succeed(0)) { Name = name });

        Assert.Equal(0, Allocations.LeastPerRound(() => _ = op(CancellationToken.None).Result));
        Assert.Empty(measurements);
    }
}
