using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Tests;

/// <summary>
/// Waits inside a timeout never run past its deadline: a retry whose next wait (a retry-after hint included) would end
/// at or after it returns its last error at once, and a rate limiter refuses a wait for a token that would.
/// </summary>
public class DeadlineTests
{
    private static readonly TimeSpan Total = TimeSpan.FromSeconds(3);

    private static Func<CancellationToken, ValueTask<Either<Error, int>>> Failing(Error error, Action counted) =>
        _ =>
        {
            counted();
            return Outcome.Failure<int>(error);
        };

    // A retry resumes on the thread pool after its wait: poll, with a bound.
    private static void WaitUntil(Func<bool> condition) =>
        Assert.True(SpinWait.SpinUntil(condition, TimeSpan.FromSeconds(10)), "condition not reached (safety net)");

    private static RetryOptions Retry(FakeTimeProvider time) =>
        new() { Backoff = Backoff.Constant(TimeSpan.FromMilliseconds(100)).MaxRetries(3), TimeProvider = time };

    private static TimeoutOptions Timeout(FakeTimeProvider time) => new() { Timeout = Total, TimeProvider = time };

    [Fact]
    public void A_retry_after_beyond_the_total_timeout_returns_the_last_error_at_once()
    {
        var time = new FakeTimeProvider();
        var calls = 0;
        var busy = new RateLimitedError(TimeSpan.FromSeconds(5));
        var guarded = Failing(busy, () => calls++).WithRetry(Retry(time)).WithTimeout(Timeout(time));

        var pending = guarded(CancellationToken.None);

        Assert.True(pending.IsCompleted);
        Assert.Same(busy, pending.Result.LeftToSeq().Single());
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task A_retry_after_within_the_total_timeout_is_waited()
    {
        var time = new FakeTimeProvider();
        var (calls, retries) = (0, 0);
        // Counted in OnRetry, which runs once the next wait is armed: advancing the clock on the attempt count alone
        // could come before the retry has started its wait, which would then never end.
        var retry = Retry(time) with { OnRetry = _ => Interlocked.Increment(ref retries) };
        var guarded = Failing(new RateLimitedError(TimeSpan.FromSeconds(1)), () => Interlocked.Increment(ref calls)).WithRetry(retry).WithTimeout(Timeout(time));

        var pending = guarded(CancellationToken.None);
        Assert.False(pending.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        WaitUntil(() => Volatile.Read(ref calls) == 2 && Volatile.Read(ref retries) == 2);

        // The third wait would end at 3 s, the deadline itself: the retry gives up with the last error instead.
        time.Advance(TimeSpan.FromSeconds(1));
        WaitUntil(() => Volatile.Read(ref calls) == 3);
        Assert.IsType<RateLimitedError>((await pending.AsTask().WaitAsync(TimeSpan.FromSeconds(10))).LeftToSeq().Single()); // bounded: a retry that waited would hang here
        Assert.Equal(TimeSpan.FromSeconds(2), time.GetUtcNow() - time.Start);
    }

    [Fact]
    public void Without_a_timeout_around_it_a_retry_waits_as_long_as_the_hint_says()
    {
        var time = new FakeTimeProvider();
        var calls = 0;
        var guarded = Failing(new RateLimitedError(TimeSpan.FromSeconds(5)), () => calls++).WithRetry(Retry(time));

        var pending = guarded(CancellationToken.None);

        Assert.False(pending.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(5));
        WaitUntil(() => Volatile.Read(ref calls) == 2);
    }

    [Fact]
    public void The_deadline_of_an_outer_timeout_bounds_a_retry_inside_a_longer_inner_one()
    {
        var time = new FakeTimeProvider();
        var calls = 0;
        var busy = new RateLimitedError(TimeSpan.FromSeconds(5));
        var guarded = Failing(busy, () => calls++)
            .WithRetry(Retry(time))
            .WithTimeout(new TimeoutOptions { Timeout = TimeSpan.FromSeconds(60), TimeProvider = time })
            .WithTimeout(Timeout(time));

        var pending = guarded(CancellationToken.None);

        Assert.True(pending.IsCompleted);
        Assert.Same(busy, pending.Result.LeftToSeq().Single());
    }

    [Fact]
    public void A_token_wait_beyond_the_deadline_is_refused_at_once_and_its_token_given_back()
    {
        var time = new FakeTimeProvider();
        var bucket = new TokenBucket(new TokenBucketOptions { TokensPerPeriod = 1, Period = TimeSpan.FromSeconds(4), Burst = 1, TimeProvider = time });
        var runs = 0;
        var limited = Op.FromFunc(_ => ++runs).WithRateLimiter(bucket, TimeSpan.FromSeconds(10)).WithTimeout(Timeout(time));
        Assert.True(limited(CancellationToken.None).Result.IsRight);

        var refused = limited(CancellationToken.None);

        Assert.True(refused.IsCompleted);
        Assert.Equal(Some(TimeSpan.FromSeconds(4)), Assert.IsType<RateLimitedError>(refused.Result.LeftToSeq().Single()).RetryAfter);
        time.Advance(TimeSpan.FromSeconds(4));
        Assert.True(limited(CancellationToken.None).Result.IsRight); // the refused wait held no token
        Assert.Equal(2, runs);
    }

    [Fact]
    public void A_lease_armed_on_the_system_clock_and_not_yet_stamped_is_stamped_when_asked()
    {
        var time = new FakeTimeProvider();
        var lease = new TimeoutLease(time, Total, stampsArming: false);
        lease.Arm(CancellationToken.None);
        time.Advance(TimeSpan.FromMilliseconds(100)); // before the first tick: the arming is not stamped yet

        Assert.Equal(Total, lease.Remaining()); // stamped now, later than it began: never less than is left
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(Total - TimeSpan.FromSeconds(1), lease.Remaining());
        lease.End();
        Assert.Null(lease.Remaining());
    }
}
