using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Time.Testing;
using static Resilience.Functional.Tests.ExtensionPoints;

namespace Resilience.Functional.Tests;

/// <summary>
/// Durations are read on the policy's own clock, and listeners are untrusted code: a throwing meter or activity
/// listener changes no outcome. Listeners here act only on this test's policy name, so other tests are unaffected.
/// </summary>
[Collection(nameof(TelemetryCollection))]
public sealed class TelemetryClockAndContainmentTests
{
    private static readonly Either<Error, int> Fail = Left<Error, int>(Downstream.Transient);
    private static readonly Either<Error, int> Ok = Right<Error, int>(42);

    private readonly string name = $"test-{Guid.NewGuid():N}";

    private MeterListener Listen(Action<string, double> record)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == ResilienceTelemetry.Name)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        void OnMeasurement(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            foreach (var tag in tags)
            {
                if (tag.Key is ResilienceTelemetry.PolicyNameTag or ResilienceTelemetry.PipelineNameTag && Equals(tag.Value, name))
                {
                    record(instrument.Name, value);
                    return;
                }
            }
        }

        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => OnMeasurement(i, v, tags));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => OnMeasurement(i, v, tags));
        listener.Start();
        return listener;
    }

    [Fact]
    public void Durations_are_the_virtual_time_of_the_policy_clock()
    {
        var recorded = new List<(string Instrument, double Value)>();
        using var listener = Listen((instrument, value) => recorded.Add((instrument, value)));
        var clock = new FakeTimeProvider();
        var policy = Policy.Retry(new RetryOptions { Backoff = Backoff.Constant(TimeSpan.FromSeconds(2)).MaxRetries(1), TimeProvider = clock }).Named(name);
        var calls = 0;
        var downstream = new Downstream(clock);
        var slow = downstream.Slow(TimeSpan.FromSeconds(3));
        var op = Op.Of(ct => ++calls == 1 ? new(Fail) : slow(ct));

        var (outcomes, elapsed) = Downstream.Drive(clock, policy.Wrap(op));

        Assert.Equal(["Right 42"], outcomes);
        Assert.Equal(TimeSpan.FromSeconds(5), elapsed);
        Assert.Equal([0.0, 3.0], recorded.Where(r => r.Instrument == ResilienceTelemetry.AttemptDuration).Select(r => r.Value));
        Assert.Equal(5.0, Assert.Single(recorded, r => r.Instrument == ResilienceTelemetry.Duration).Value);
    }

    [Fact]
    public void A_pipeline_reads_durations_on_the_clock_its_layers_were_given()
    {
        var recorded = new List<(string Instrument, double Value)>();
        using var listener = Listen((instrument, value) => recorded.Add((instrument, value)));
        var clock = new FakeTimeProvider();
        var pipeline = Policy.Pipeline(
            Policy.Timeout(new TimeoutOptions { Timeout = TimeSpan.FromSeconds(30), TimeProvider = clock }),
            Policy.Retry(new RetryOptions { Backoff = Backoff.Constant(TimeSpan.FromSeconds(1)).MaxRetries(2), TimeProvider = clock })).Named(name);

        var (outcomes, _) = Downstream.Drive(clock, pipeline.Wrap(new Downstream(clock).Scripted(Fail, Fail, Ok)));

        Assert.Equal(["Right 42"], outcomes);
        Assert.Equal([2.0], recorded.Where(r => r.Instrument == ResilienceTelemetry.Duration).Select(r => r.Value)); // the pipeline's, once
    }

    public static TheoryData<string> Policies() => ["retry", "timeout", "bulkhead", "concurrency-limit", "rate-limiter", "hedging", "chaos", "pipeline", "standard"];

    private static Policy Build(string kind, FakeTimeProvider clock) => kind switch
    {
        "retry" => Policy.Retry(new RetryOptions { Backoff = Backoff.Immediate.MaxRetries(2), TimeProvider = clock }),
        "timeout" => Policy.Timeout(new TimeoutOptions { Timeout = TimeSpan.FromSeconds(1), TimeProvider = clock }),
        "bulkhead" => Policy.Bulkhead(new Bulkhead(new BulkheadOptions { MaxConcurrency = 1, TimeProvider = clock })),
        "concurrency-limit" => Policy.ConcurrencyLimit(new AdaptiveConcurrencyLimiter(new AdaptiveConcurrencyOptions { InitialLimit = 1, TimeProvider = clock })),
        "rate-limiter" => Policy.RateLimiter(new TokenBucket(new TokenBucketOptions { TimeProvider = clock })),
        "hedging" => Policy.Hedging(new HedgingOptions { TimeProvider = clock }),
        "chaos" => Policy.Chaos(new ChaosController(new ChaosOptions { Random = new Random(7), TimeProvider = clock }), new ChaosFault(0.5, Downstream.Transient)),
        "pipeline" => Policy.Pipeline(
            Policy.Timeout(new TimeoutOptions { Timeout = TimeSpan.FromSeconds(1), TimeProvider = clock }),
            Policy.Retry(new RetryOptions { Backoff = Backoff.Immediate.MaxRetries(2), TimeProvider = clock })),
        _ => Policy.Standard(new StandardPipelineOptions { TimeProvider = clock }),
    };

    [Theory]
    [MemberData(nameof(Policies))]
    public void A_throwing_meter_listener_changes_no_outcome(string kind)
    {
        var clock = new FakeTimeProvider();
        var quiet = Build(kind, clock).Named(name + "-quiet").Wrap(new Downstream(clock).Scripted(Fail, Ok, Fail, Fail, Ok));
        var (expected, _) = Downstream.Drive(clock, quiet, callers: 3);
        var recorded = 0;
        using var listener = Listen((_, _) =>
        {
            recorded++;
            throw new Bomb();
        });

        var op = Build(kind, clock).Named(name).Wrap(new Downstream(clock).Scripted(Fail, Ok, Fail, Fail, Ok));
        var (outcomes, _) = Downstream.Drive(clock, op, callers: 3);

        Assert.Equal(expected, outcomes);
        Assert.True(recorded > 0, "the listener should have been called");
    }

    [Theory]
    [InlineData("sample")]
    [InlineData("started")]
    [InlineData("stopped")]
    public void A_throwing_activity_listener_changes_no_outcome(string failing)
    {
        var called = 0;
        using var tracing = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ResilienceTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> options) =>
            {
                if (failing == "sample" && options.Name == name)
                {
                    called++;
                    throw new Bomb();
                }

                return ActivitySamplingResult.AllDataAndRecorded;
            },
            ActivityStarted = a =>
            {
                if (failing == "started" && a.DisplayName == name)
                {
                    called++;
                    throw new Bomb();
                }
            },
            ActivityStopped = a =>
            {
                if (failing == "stopped" && a.DisplayName == name)
                {
                    called++;
                    throw new Bomb();
                }
            },
        };
        ActivitySource.AddActivityListener(tracing);
        var clock = new FakeTimeProvider();
        var policy = Policy.Retry(new RetryOptions { Backoff = Backoff.Immediate.MaxRetries(1), TimeProvider = clock }).Named(name);
        var before = Activity.Current;

        var ok = policy.Wrap(new Downstream(clock).Scripted(Fail, Ok))(CancellationToken.None).AsTask().GetAwaiter().GetResult();
        var failed = policy.Wrap(Op.Fail<int>(Downstream.Permanent))(CancellationToken.None).AsTask().GetAwaiter().GetResult();

        Assert.Equal(Ok, ok);
        Assert.Equal(Left<Error, int>(Downstream.Permanent), failed);
        Assert.Same(before, Activity.Current);
        Assert.Equal(2, called);
    }

    [Fact]
    public void A_pooled_operation_is_consumed_once_under_telemetry()
    {
        var recorded = 0;
        using var listener = Listen((_, _) => recorded++);
        using var tracing = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ResilienceTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(tracing);
        var clock = new FakeTimeProvider();
        var policies = new[] { "retry", "bulkhead", "hedging", "pipeline" }.Select(kind => Build(kind, clock).Named(name)).ToList();

        foreach (var policy in policies)
        {
            foreach (var synchronous in new[] { true, false })
            {
                foreach (var outcome in new[] { Ok, Left<Error, int>(Downstream.Permanent) })
                {
                    var (outcomes, misuses) = PooledOperationTests.RunPooled(policy.Wrap, outcome, synchronous).GetAwaiter().GetResult();
                    var expected = PooledOperationTests.Show(outcome);
                    Assert.Equal([expected, expected, expected], outcomes);
                    Assert.Equal(0, misuses);
                }
            }
        }

        Assert.True(recorded > 0);
    }
}
