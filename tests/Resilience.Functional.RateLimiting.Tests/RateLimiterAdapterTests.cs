using System.Diagnostics.Metrics;
using System.Threading.RateLimiting;

namespace Resilience.Functional.RateLimiting.Tests;

public class RateLimiterAdapterTests
{
    private static TokenBucketRateLimiter Bucket(int tokens) =>
        new(new TokenBucketRateLimiterOptions
        {
            TokenLimit = tokens,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromSeconds(2),
            AutoReplenishment = false,
            QueueLimit = 0,
        });

    private static ConcurrencyLimiter Concurrency(int permits, int queue) =>
        new(new ConcurrencyLimiterOptions { PermitLimit = permits, QueueLimit = queue, QueueProcessingOrder = QueueProcessingOrder.OldestFirst });

    private sealed class Gate
    {
        private readonly TaskCompletionSource<Either<Error, int>> source = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Func<CancellationToken, ValueTask<Either<Error, int>>> Op => _ => new(source.Task);

        public void Open(int value) => source.SetResult(value);
    }

    [Fact]
    public void A_refused_lease_becomes_a_rate_limited_error_with_the_limiters_retry_after()
    {
        using var limiter = Bucket(1);
        var limited = Resilience.Functional.Op.Succeed(1).WithRateLimiter(limiter);

        Assert.Equal(Right<Error, int>(1), limited(CancellationToken.None).Result);
        var error = Assert.IsType<RateLimitedError>(limited(CancellationToken.None).Result.LeftToSeq().Single());
        Assert.Equal(Some(TimeSpan.FromSeconds(2)), error.RetryAfter);
    }

    [Fact]
    public async Task The_lease_is_held_while_the_operation_runs_and_released_after()
    {
        using var limiter = Concurrency(1, 0);
        var gate = new Gate();
        var running = gate.Op.WithRateLimiter(limiter)(CancellationToken.None);

        var refused = await Resilience.Functional.Op.Succeed(2).WithRateLimiter(limiter)(CancellationToken.None);
        Assert.Equal(new RateLimitedError(None), refused.LeftToSeq().Single());

        gate.Open(1);
        Assert.Equal(Right<Error, int>(1), await running);
        Assert.Equal(1, limiter.GetStatistics()!.CurrentAvailablePermits);
    }

    [Fact]
    public async Task The_limiters_queue_makes_callers_wait_and_cancellation_while_queued_is_cancelled()
    {
        using var limiter = Concurrency(1, 2);
        var gate = new Gate();
        using var caller = new CancellationTokenSource();
        var running = gate.Op.WithRateLimiter(limiter)(CancellationToken.None);
        var cancelled = Resilience.Functional.Op.Succeed(2).WithRateLimiter(limiter)(caller.Token);
        var queued = Resilience.Functional.Op.Succeed(3).WithRateLimiter(limiter)(CancellationToken.None);
        Assert.False(queued.IsCompleted);

        await caller.CancelAsync();
        Assert.Equal(Left<Error, int>(CancelledError.Instance), await cancelled);

        gate.Open(1);
        Assert.Equal(Right<Error, int>(1), await running);
        Assert.Equal(Right<Error, int>(3), await queued);
        Assert.Equal(1, limiter.GetStatistics()!.CurrentAvailablePermits);
    }

    [Fact]
    public async Task A_faulting_operation_releases_its_lease_and_a_disposed_limiter_gives_an_error()
    {
        var limiter = Concurrency(1, 0);
        var faulted = await Resilience.Functional.Op.Of<int>(async _ =>
        {
            await Task.Yield();
            throw new IOException("boom");
        }).WithRateLimiter(limiter)(CancellationToken.None);
        Assert.True(faulted.LeftToSeq().Single().Is<IOException>());
        Assert.Equal(1, limiter.GetStatistics()!.CurrentAvailablePermits);

        limiter.Dispose();
        var afterDispose = await Resilience.Functional.Op.Succeed(1).WithRateLimiter(limiter)(CancellationToken.None);
        Assert.True(afterDispose.LeftToSeq().Single().Is<ObjectDisposedException>());
    }

    [Fact]
    public void Null_arguments_fail_when_the_combinator_is_built()
    {
        Assert.Equal("limiter", Assert.Throws<ArgumentNullException>(() => Resilience.Functional.Op.Succeed(1).WithRateLimiter((RateLimiter)null!)).ParamName);
    }

    [Fact]
    public void A_refused_lease_is_reported_as_a_rate_limited_rejection_and_every_call_as_an_execution()
    {
        var rejections = new List<string?>();
        var executions = 0;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == ResilienceTelemetry.Name)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        var name = RateLimiterTelemetry.DefaultName;
        listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) =>
        {
            var tagged = tags.ToArray().ToDictionary(t => t.Key, t => t.Value);
            if (instrument.Name == ResilienceTelemetry.Rejections && Equals(tagged[ResilienceTelemetry.PolicyNameTag], name))
            {
                rejections.Add((string?)tagged[ResilienceTelemetry.RejectionReasonTag]);
            }
        });
        listener.SetMeasurementEventCallback<double>((instrument, _, tags, _) =>
        {
            if (instrument.Name == ResilienceTelemetry.Duration && tags.ToArray().Any(t => t.Key == ResilienceTelemetry.PolicyNameTag && Equals(t.Value, name)))
            {
                executions++;
            }
        });
        listener.Start();
        using var limiter = Bucket(1);
        var limited = Resilience.Functional.Op.Succeed(1).WithRateLimiter(limiter);

        _ = limited(CancellationToken.None).Result;
        _ = limited(CancellationToken.None).Result;

        Assert.Equal([RateLimiterTelemetry.RateLimited], rejections);
        Assert.Equal(2, executions);
    }
}
