using Microsoft.Extensions.Time.Testing;
using Resilience.Functional.Stores;

namespace Resilience.Functional.Tests;

/// <summary>What a caller of the rate limiters relies on beyond admission itself: argument checks, the error's text,
/// the deadline of an enclosing timeout, and never resuming on a synchronization context.</summary>
public class RateLimiterContractTests
{
    private sealed class Limiter(Func<ValueTask<Either<Error, Unit>>> acquire) : IPartitionedRateLimiter
    {
        public string Name => "shared";

        public ValueTask<Either<Error, Unit>> AcquireAsync(string partitionKey, CancellationToken cancellationToken) => acquire();
    }

    private static TaskCompletionSource<Either<Error, int>> Later() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static Func<CancellationToken, ValueTask<Either<Error, int>>> Until(TaskCompletionSource<Either<Error, int>> source) =>
        _ => new(source.Task);

    private static TokenBucket Bucket(FakeTimeProvider time, TimeSpan period) =>
        new(new TokenBucketOptions { TokensPerPeriod = 1, Period = period, Burst = 1, TimeProvider = time });

    [Fact]
    public void Null_arguments_are_rejected_with_their_names()
    {
        var bucket = Bucket(new FakeTimeProvider(), TimeSpan.FromSeconds(1));
        var limiter = new Limiter(() => new(Right<Error, Unit>(unit)));
        var none = (Func<CancellationToken, ValueTask<Either<Error, int>>>)null!;

        Assert.Throws<ArgumentNullException>("operation", () => none.WithRateLimiter(bucket));
        Assert.Throws<ArgumentNullException>("bucket", () => Op.Succeed(1).WithRateLimiter((TokenBucket)null!));
        Assert.Throws<ArgumentNullException>("operation", () => none.WithRateLimiter(bucket, TimeSpan.FromSeconds(1)));
        Assert.Throws<ArgumentNullException>("bucket", () => Op.Succeed(1).WithRateLimiter((TokenBucket)null!, TimeSpan.FromSeconds(1)));
        Assert.Throws<ArgumentNullException>("operation", () => none.WithRateLimiter(limiter, "p"));
        Assert.Throws<ArgumentNullException>("limiter", () => Op.Succeed(1).WithRateLimiter((IPartitionedRateLimiter)null!, "p"));
        Assert.Throws<ArgumentNullException>("partitionKey", () => Op.Succeed(1).WithRateLimiter(limiter, null!));
    }

    [Fact]
    public void The_rate_limited_error_says_when_to_retry_if_it_is_known()
    {
        Assert.Equal("Rate limited; retry after 00:00:02.5000000.", new RateLimitedError(TimeSpan.FromSeconds(2.5)).Message);
        Assert.Equal("Rate limited.", new RateLimitedError(None).Message);
    }

    [Fact]
    public void A_token_wait_that_would_end_exactly_at_the_deadline_is_refused_at_once_and_its_token_given_back()
    {
        var time = new FakeTimeProvider();
        var bucket = Bucket(time, TimeSpan.FromSeconds(3));
        var runs = 0;
        var limited = Op.FromFunc(_ => ++runs).WithRateLimiter(bucket, TimeSpan.FromSeconds(10)).WithTimeout(new TimeoutOptions { Timeout = TimeSpan.FromSeconds(3), TimeProvider = time });
        Assert.True(limited(CancellationToken.None).Result.IsRight);

        var refused = limited(CancellationToken.None);

        Assert.True(refused.IsCompleted);
        Assert.Equal(Some(TimeSpan.FromSeconds(3)), Assert.IsType<RateLimitedError>(refused.Result.LeftToSeq().Single()).RetryAfter);
        time.Advance(TimeSpan.FromSeconds(3));
        Assert.True(limited(CancellationToken.None).Result.IsRight); // the refused wait held no token
        Assert.Equal(2, runs);
    }

    [Fact]
    public async Task A_caller_waiting_for_a_token_resumes_neither_on_its_own_synchronization_context_nor_on_the_clocks()
    {
        var time = new FakeTimeProvider();
        var bucket = Bucket(time, TimeSpan.FromSeconds(1));
        var (first, second) = (Later(), Later());
        var context = new CountingSynchronizationContext();
        Assert.True(bucket.TryAcquire());
        // The first waits under its caller's context; the second's wait ends on a thread under a context of its own.
        var waitingFirst = context.Install(() => Until(first).WithRateLimiter(bucket, TimeSpan.FromSeconds(5))(CancellationToken.None));
        var waitingSecond = Until(second).WithRateLimiter(bucket, TimeSpan.FromSeconds(5))(CancellationToken.None);

        time.Advance(TimeSpan.FromSeconds(1));
        context.Install(() => time.Advance(TimeSpan.FromSeconds(1)));
        first.SetResult(1);
        second.SetResult(2);

        Assert.Equal(Right<Error, int>(1), await waitingFirst);
        Assert.Equal(Right<Error, int>(2), await waitingSecond);
        Assert.Equal(0, context.Posts);
    }

    [Fact]
    public async Task A_caller_of_a_partitioned_limiter_resumes_neither_on_its_own_synchronization_context_nor_on_the_one_that_granted_it()
    {
        var permits = new Queue<TaskCompletionSource<Either<Error, Unit>>>([new(), new()]);
        var handed = new Queue<TaskCompletionSource<Either<Error, Unit>>>(permits);
        var limiter = new Limiter(() => new(handed.Dequeue().Task));
        var (first, second) = (Later(), Later());
        var context = new CountingSynchronizationContext();
        var waitingFirst = context.Install(() => Until(first).WithRateLimiter(limiter, "p")(CancellationToken.None));
        var waitingSecond = Until(second).WithRateLimiter(limiter, "p")(CancellationToken.None);

        permits.Dequeue().SetResult(unit);
        var grantedSecond = permits.Dequeue();
        context.Install(() => grantedSecond.SetResult(unit));
        first.SetResult(1);
        second.SetResult(2);

        Assert.Equal(Right<Error, int>(1), await waitingFirst);
        Assert.Equal(Right<Error, int>(2), await waitingSecond);
        Assert.Equal(0, context.Posts);
    }

    [Fact]
    public void A_burst_too_large_to_fill_within_about_28_years_is_rejected_with_the_largest_allowed()
    {
        var options = new TokenBucketOptions { TokensPerPeriod = 1, Period = TimeSpan.FromDays(49), Burst = 1000 };

        var rejected = Assert.Throws<ArgumentOutOfRangeException>(() => new TokenBucket(options));

        Assert.Equal("Burst", rejected.ParamName);
        Assert.StartsWith("Burst must be at most 212 for this Period and TokensPerPeriod (a full bucket must fill within about 28 years).", rejected.Message);
        _ = new TokenBucket(options with { Burst = 212 });
    }

    [Fact]
    public void Concurrent_takers_never_get_more_tokens_than_the_bucket_holds()
    {
        var bucket = new TokenBucket(new TokenBucketOptions { TokensPerPeriod = 1, Period = TimeSpan.FromHours(1), Burst = 20_000, TimeProvider = new FakeTimeProvider() });
        var taken = 0;
        using var start = new Barrier(4);
        var takers = Enumerable.Range(0, 4).Select(_ => new Thread(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < 20_000; i++)
            {
                if (bucket.TryAcquire(out var _))
                {
                    Interlocked.Increment(ref taken);
                }
            }
        })).ToList();
        takers.ForEach(t => t.Start());
        takers.ForEach(t => t.Join());

        Assert.Equal(20_000, taken);
    }
}
