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
        using var limiter = Bucket(1);
        Assert.Equal("operation", Assert.Throws<ArgumentNullException>(() => ((Func<CancellationToken, ValueTask<Either<Error, int>>>)null!).WithRateLimiter(limiter)).ParamName);
    }

    [Fact]
    public async Task A_caller_cancelled_before_the_call_is_cancelled_without_taking_a_permit()
    {
        using var limiter = new LeaseCounting(Bucket(1));
        var runs = 0;
        var limited = Resilience.Functional.Op.Of(_ => new ValueTask<Either<Error, int>>(++runs)).WithRateLimiter(limiter);

        Assert.Equal(Left<Error, int>(CancelledError.Instance), await limited(new CancellationToken(canceled: true)));
        Assert.Equal((0, 0), (runs, limiter.Handed));
        Assert.Equal(Right<Error, int>(1), await limited(CancellationToken.None));
    }

    [Fact]
    public async Task Every_lease_the_limiter_hands_out_is_disposed_granted_or_refused()
    {
        using var inner = Bucket(1);
        using var limiter = new LeaseCounting(inner);
        var limited = Resilience.Functional.Op.Succeed(1).WithRateLimiter(limiter);

        Assert.True((await limited(CancellationToken.None)).IsRight);
        Assert.True((await limited(CancellationToken.None)).IsLeft);
        Assert.Equal((2, 2), (limiter.Handed, limiter.Disposed));
    }

    [Fact]
    public async Task Neither_a_queued_caller_nor_a_running_call_resumes_on_the_callers_synchronization_context()
    {
        using var limiter = Concurrency(1, 1);
        var gate = new Gate();
        var context = new CountingContext();
        var saved = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(context);
        ValueTask<Either<Error, int>> running, queued;
        try
        {
            running = gate.Op.WithRateLimiter(limiter)(CancellationToken.None);
            queued = Resilience.Functional.Op.Succeed(2).WithRateLimiter(limiter)(CancellationToken.None);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(saved);
        }

        gate.Open(1);
        Assert.Equal(Right<Error, int>(1), await running);
        Assert.Equal(Right<Error, int>(2), await queued);
        Assert.Equal(0, context.Posts);
    }

    // Posts run on the thread pool, counted: a library that resumed on its caller's context would deadlock a caller
    // blocking on that context.
    private sealed class CountingContext : SynchronizationContext
    {
        private int posts;

        public int Posts => Volatile.Read(ref posts);

        public override void Post(SendOrPostCallback d, object? state)
        {
            Interlocked.Increment(ref posts);
            ThreadPool.QueueUserWorkItem(_ => d(state));
        }
    }

    private sealed class LeaseCounting(RateLimiter inner) : RateLimiter
    {
        private int handed;
        private int disposed;

        public int Handed => Volatile.Read(ref handed);

        public int Disposed => Volatile.Read(ref disposed);

        public override TimeSpan? IdleDuration => inner.IdleDuration;

        public override RateLimiterStatistics? GetStatistics() => inner.GetStatistics();

        protected override RateLimitLease AttemptAcquireCore(int permitCount) => Count(inner.AttemptAcquire(permitCount));

        protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
            Count(await inner.AcquireAsync(permitCount, cancellationToken).ConfigureAwait(false));

        private Lease Count(RateLimitLease lease)
        {
            Interlocked.Increment(ref handed);
            return new Lease(lease, () => Interlocked.Increment(ref disposed));
        }

        private sealed class Lease(RateLimitLease inner, Action disposed) : RateLimitLease
        {
            public override bool IsAcquired => inner.IsAcquired;

            public override IEnumerable<string> MetadataNames => inner.MetadataNames;

            public override bool TryGetMetadata(string metadataName, out object? metadata) => inner.TryGetMetadata(metadataName, out metadata);

            protected override void Dispose(bool disposing)
            {
                if (disposing)
                {
                    disposed();
                    inner.Dispose();
                }
            }
        }
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
