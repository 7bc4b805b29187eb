using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Tests;

/// <summary>What a caller of the chaos combinators sees besides the injection itself.</summary>
public class ChaosContractTests
{
    private static readonly ChaosController Chaos = new(new ChaosOptions { Random = new Random(1), TimeProvider = new FakeTimeProvider() });

    [Fact]
    public void Null_arguments_are_rejected_with_their_names()
    {
        var none = (Func<CancellationToken, ValueTask<Either<Error, int>>>)null!;
        var op = Op.Succeed(1);
        var outcome = new ChaosOutcome<int>(1.0, Right<Error, int>(2));
        var latency = new ChaosLatency(1.0, TimeSpan.FromSeconds(1));

        Assert.Throws<ArgumentNullException>("operation", () => none.WithChaos(Chaos, outcome));
        Assert.Throws<ArgumentNullException>("chaos", () => op.WithChaos(null!, outcome));
        Assert.Throws<ArgumentNullException>("outcome", () => op.WithChaos(Chaos, (ChaosOutcome<int>)null!));
        Assert.Throws<ArgumentNullException>("operation", () => none.WithChaos(Chaos, latency));
        Assert.Throws<ArgumentNullException>("chaos", () => op.WithChaos(null!, latency));
        Assert.Throws<ArgumentNullException>("latency", () => op.WithChaos(Chaos, (ChaosLatency)null!));
    }

    [Fact]
    public async Task A_call_after_injected_latency_does_not_resume_on_the_callers_synchronization_context()
    {
        // With a clock that skips waits the latency is over before the combinator awaits it, so the operation starts
        // on the caller's thread, under its context: its completion must not be posted back there (a caller that
        // blocks on that context would deadlock).
        var chaos = new ChaosController(new ChaosOptions { Random = new Random(1), TimeProvider = new SkippingClock() });
        var gate = new TaskCompletionSource<Either<Error, int>>();
        var op = Op.Of(_ => new ValueTask<Either<Error, int>>(gate.Task)).WithChaos(chaos, new ChaosLatency(1.0, TimeSpan.FromSeconds(1)));
        var context = new CountingSynchronizationContext();

        var call = context.Install(() => op(CancellationToken.None));
        Assert.False(call.IsCompleted);
        gate.SetResult(Right<Error, int>(1));

        Assert.Equal(Right<Error, int>(1), await call.AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, context.Posts);
    }

    /// <summary>A clock that skips every wait: a timer fires as soon as it is armed, on the thread that arms it.</summary>
    private sealed class SkippingClock : TimeProvider
    {
        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            new SkippingTimer(callback, state, dueTime);

        private sealed class SkippingTimer : ITimer
        {
            private readonly TimerCallback callback;
            private readonly object? state;
            private bool disposed;

            public SkippingTimer(TimerCallback callback, object? state, TimeSpan dueTime)
            {
                (this.callback, this.state) = (callback, state);
                Change(dueTime, Timeout.InfiniteTimeSpan);
            }

            public bool Change(TimeSpan dueTime, TimeSpan period)
            {
                if (!disposed && dueTime != Timeout.InfiniteTimeSpan)
                {
                    callback(state);
                }

                return !disposed;
            }

            public void Dispose() => disposed = true;

            public ValueTask DisposeAsync()
            {
                Dispose();
                return ValueTask.CompletedTask;
            }
        }
    }

    [Fact]
    public void Bad_settings_say_what_is_allowed()
    {
        var latency = Assert.Throws<ArgumentOutOfRangeException>(() => new ChaosLatency(1.0, TimeSpan.Zero));
        Assert.StartsWith("Latency must be positive (> 00:00:00).", latency.Message, StringComparison.Ordinal);
        var outcome = Assert.Throws<ArgumentException>(() => new ChaosOutcome<int>(1.0, default));
        Assert.StartsWith("Outcome must be Left or Right, not bottom.", outcome.Message, StringComparison.Ordinal);
    }
}

/// <summary>Chaos telemetry inside a pipeline: process-wide, so run beside no other telemetry test.</summary>
[Collection(nameof(TelemetryCollection))]
public sealed class ChaosPipelineTelemetryTests
{
    private readonly string name = $"chaos-{Guid.NewGuid():N}";

    private int Durations(TelemetryRecording recording) =>
        recording.Measurements.Count(m => m.StartsWith(ResilienceTelemetry.Duration + " ", StringComparison.Ordinal));

    [Fact]
    public void A_fault_injection_inside_a_pipeline_leaves_measuring_the_execution_to_the_pipeline()
    {
        using var recording = new TelemetryRecording(name);
        var chaos = new ChaosController(new ChaosOptions { Random = new Random(1), TimeProvider = new FakeTimeProvider() });
        var pipeline = Policy.Pipeline(Policy.Chaos(chaos, new ChaosFault(1.0, new HttpStatusError(503))), Policy.Retry(new RetryOptions { Backoff = Backoff.Immediate.MaxRetries(1) })).Named(name);

        _ = pipeline.Wrap(Op.Succeed(1)).RunSync();

        Assert.Equal(1, Durations(recording)); // the pipeline's, not one per layer
    }

    [Fact]
    public async Task A_latency_injection_inside_a_pipeline_leaves_measuring_the_execution_to_the_pipeline()
    {
        using var recording = new TelemetryRecording(name);
        var clock = new FakeTimeProvider();
        var chaos = new ChaosController(new ChaosOptions { Random = new Random(1), TimeProvider = clock });
        var pipeline = Policy.Pipeline(Policy.Chaos(chaos, new ChaosLatency(1.0, TimeSpan.FromSeconds(1))), Policy.Retry(new RetryOptions { Backoff = Backoff.Immediate.MaxRetries(1) })).Named(name);

        var call = pipeline.Wrap(Op.Succeed(1))(CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(Right<Error, int>(1), await call.AsTask().WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(1, Durations(recording)); // the pipeline's, not one per layer
    }
}
