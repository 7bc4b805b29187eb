using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Tests;

public class RateLimiterTests
{
    private static (TokenBucket Bucket, FakeTimeProvider Time) Create(int rate = 1, int burst = 1)
    {
        var time = new FakeTimeProvider();
        return (new TokenBucket(new TokenBucketOptions { TokensPerPeriod = rate, Period = TimeSpan.FromSeconds(1), Burst = burst, TimeProvider = time }), time);
    }

    [Fact]
    public void Rejects_at_once_with_the_time_until_the_next_token()
    {
        var (bucket, time) = Create();
        var runs = 0;
        var limited = Op.FromFunc(_ => ++runs).WithRateLimiter(bucket);

        Assert.Equal(Right<Error, int>(1), limited(CancellationToken.None).Result);
        time.Advance(TimeSpan.FromMilliseconds(300));
        var rejected = limited(CancellationToken.None);

        Assert.True(rejected.IsCompleted);
        var error = Assert.IsType<RateLimitedError>(rejected.Result.LeftToSeq().Single());
        Assert.Equal(Some(TimeSpan.FromMilliseconds(700)), error.RetryAfterHint());
        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task Waits_in_arrival_order_up_to_the_bound_then_rejects()
    {
        var (bucket, time) = Create();
        var order = new List<int>();
        Func<CancellationToken, ValueTask<Either<Error, int>>> Call(int i) =>
            Op.FromFunc(_ =>
            {
                order.Add(i);
                return i;
            }).WithRateLimiter(bucket, TimeSpan.FromSeconds(2));

        var calls = Enumerable.Range(0, 3).Select(i => Call(i)(CancellationToken.None)).ToArray();
        var tooLate = Call(3)(CancellationToken.None);

        Assert.True(calls[0].IsCompletedSuccessfully);
        Assert.False(calls[1].IsCompleted);
        Assert.Equal(Some(TimeSpan.FromSeconds(3)), (await tooLate).LeftToSeq().Single().RetryAfterHint());

        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(calls[1].IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(Right<Error, int>(1), await calls[1]);
        Assert.False(calls[2].IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(Right<Error, int>(2), await calls[2]);
        Assert.Equal(new[] { 0, 1, 2 }, order);
    }

    [Fact]
    public async Task A_waiter_who_cancels_gets_cancelled_and_returns_its_token()
    {
        var (bucket, time) = Create();
        using var caller = new CancellationTokenSource();
        var limited = Op.Succeed(1).WithRateLimiter(bucket, TimeSpan.FromSeconds(5));
        _ = limited(CancellationToken.None);
        var waiting = limited(caller.Token);

        await caller.CancelAsync();

        Assert.Equal(Left<Error, int>(CancelledError.Instance), await waiting);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, bucket.AvailableTokens);
    }

    [Fact]
    public void A_waiter_who_cancels_does_not_hand_its_token_to_a_later_arrival_while_a_later_waiter_holds_the_next() =>
        WithoutSynchronizationContext.Run(() =>
        {
            var (bucket, time) = Create();
            var start = time.GetUtcNow();
            var admitted = new List<(string Caller, TimeSpan At)>();
            Func<CancellationToken, ValueTask<Either<Error, int>>> Caller(string name) =>
                Op.FromFunc(_ =>
                {
                    admitted.Add((name, time.GetUtcNow() - start));
                    return 0;
                }).WithRateLimiter(bucket, TimeSpan.FromSeconds(5));
            using var a = new CancellationTokenSource();

            var x = Caller("X")(CancellationToken.None);
            var waitingA = Caller("A")(a.Token);
            var waitingB = Caller("B")(CancellationToken.None);
            time.Advance(TimeSpan.FromMilliseconds(500));
            a.Cancel();
            var waitingC = Caller("C")(CancellationToken.None);
            for (var i = 0; i < 10; i++)
            {
                time.Advance(TimeSpan.FromMilliseconds(500));
            }

            Assert.True(x.IsCompletedSuccessfully && waitingB.IsCompletedSuccessfully && waitingC.IsCompletedSuccessfully);
            Assert.Equal(Left<Error, int>(CancelledError.Instance), waitingA.Result);

            // One token a second: B keeps the slot at 2 s it reserved, so C, arriving after A left, comes after it.
            Assert.Equal(
                new[] { ("X", TimeSpan.Zero), ("B", TimeSpan.FromSeconds(2)), ("C", TimeSpan.FromSeconds(3)) },
                admitted);
        });

    [Fact]
    public void The_last_waiter_who_cancels_gives_its_token_to_the_next_arrival() =>
        WithoutSynchronizationContext.Run(() =>
        {
            var (bucket, time) = Create();
            using var b = new CancellationTokenSource();
            var limited = Op.Succeed(1).WithRateLimiter(bucket, TimeSpan.FromSeconds(5));
            _ = limited(CancellationToken.None);
            var waitingA = limited(CancellationToken.None);
            var waitingB = limited(b.Token);

            time.Advance(TimeSpan.FromMilliseconds(500));
            b.Cancel();
            var waitingC = limited(CancellationToken.None);
            time.Advance(TimeSpan.FromMilliseconds(1500));

            Assert.True(waitingA.IsCompletedSuccessfully);
            Assert.Equal(Left<Error, int>(CancelledError.Instance), waitingB.Result);
            Assert.True(waitingC.IsCompletedSuccessfully);
        });

    [Fact]
    public void The_callers_cancellation_takes_no_token()
    {
        var (bucket, _) = Create();

        var result = Op.Succeed(1).WithRateLimiter(bucket)(new CancellationToken(canceled: true)).Result;

        Assert.Equal(Left<Error, int>(CancelledError.Instance), result);
        Assert.Equal(1, bucket.AvailableTokens);
    }

    [Fact]
    public void The_success_path_does_not_allocate()
    {
        var bucket = new TokenBucket(new TokenBucketOptions { TokensPerPeriod = int.MaxValue, Burst = int.MaxValue });
        AssertNoAllocation(Op.Succeed(1).WithRateLimiter(bucket));
        AssertNoAllocation(Op.Succeed(1).WithRateLimiter(bucket, TimeSpan.FromSeconds(1)));
    }

    private static void AssertNoAllocation(Func<CancellationToken, ValueTask<Either<Error, int>>> limited)
    {
        Assert.Equal(0, Allocations.LeastPerRound(() => _ = limited(CancellationToken.None)));
    }

    [Fact]
    public void Bad_arguments_fail_when_the_combinator_is_built()
    {
        var (bucket, _) = Create();
        Assert.Equal("maxWait", Assert.Throws<ArgumentOutOfRangeException>(() => Op.Succeed(1).WithRateLimiter(bucket, TimeSpan.Zero)).ParamName);
        Assert.Equal("bucket", Assert.Throws<ArgumentNullException>(() => Op.Succeed(1).WithRateLimiter((TokenBucket)null!)).ParamName);
    }
}
