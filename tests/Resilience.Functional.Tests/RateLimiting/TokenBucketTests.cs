using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Tests;

public class TokenBucketTests
{
    private static (TokenBucket Bucket, FakeTimeProvider Time) Create(int rate = 2, int burst = 3)
    {
        var time = new FakeTimeProvider();
        return (new TokenBucket(new TokenBucketOptions { TokensPerPeriod = rate, Period = TimeSpan.FromSeconds(1), Burst = burst, TimeProvider = time }), time);
    }

    [Fact]
    public void Starts_full_admits_a_burst_then_refills_at_the_rate()
    {
        var (bucket, time) = Create(rate: 2, burst: 3);

        Assert.Equal(3, bucket.AvailableTokens);
        Assert.True(bucket.TryAcquire());
        Assert.True(bucket.TryAcquire());
        Assert.True(bucket.TryAcquire());
        Assert.False(bucket.TryAcquire(out var retryAfter));
        Assert.Equal(TimeSpan.FromMilliseconds(500), retryAfter);

        time.Advance(TimeSpan.FromMilliseconds(250));
        Assert.Equal(0.5, bucket.AvailableTokens);
        time.Advance(TimeSpan.FromMilliseconds(250));
        Assert.True(bucket.TryAcquire(out retryAfter));
        Assert.Equal(TimeSpan.Zero, retryAfter);

        time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(3, bucket.AvailableTokens);
    }

    [Fact]
    public void Bad_options_fail_at_construction()
    {
        Assert.Equal("TokensPerPeriod", Assert.Throws<ArgumentOutOfRangeException>(() => new TokenBucketOptions { TokensPerPeriod = 0 }).ParamName);
        Assert.Equal("Burst", Assert.Throws<ArgumentOutOfRangeException>(() => new TokenBucketOptions { Burst = 0 }).ParamName);
        Assert.Equal("Period", Assert.Throws<ArgumentOutOfRangeException>(() => new TokenBucketOptions { Period = TimeSpan.Zero }).ParamName);
        Assert.Equal("Period", Assert.Throws<ArgumentOutOfRangeException>(() => new TokenBucketOptions { Period = TimeSpan.FromDays(-1) }).ParamName);
        Assert.Equal("TimeProvider", Assert.Throws<ArgumentNullException>(() => new TokenBucketOptions { TimeProvider = null! }).ParamName);
        Assert.Equal("options", Assert.Throws<ArgumentNullException>(() => new TokenBucket(null!)).ParamName);
        var tooBig = new TokenBucketOptions { TokensPerPeriod = 1, Period = TimeSpan.FromDays(40), Burst = 1_000_000 };
        Assert.Equal("Burst", Assert.Throws<ArgumentOutOfRangeException>(() => new TokenBucket(tooBig)).ParamName);
    }

    [Fact]
    public void Huge_rates_and_bursts_fit()
    {
        var bucket = new TokenBucket(new TokenBucketOptions { TokensPerPeriod = int.MaxValue, Burst = int.MaxValue, Period = TimeSpan.FromSeconds(1) });

        Assert.True(bucket.TryAcquire());
        Assert.True(bucket.AvailableTokens > int.MaxValue - 2);
    }

    [Fact]
    public async Task Concurrent_callers_never_take_more_than_the_burst()
    {
        var (bucket, _) = Create(rate: 1, burst: 1_000);
        var taken = 0;
        var workers = Enumerable.Range(0, 16).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 500; i++)
            {
                if (bucket.TryAcquire())
                {
                    Interlocked.Increment(ref taken);
                }
            }
        })).ToArray();

        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1_000, taken);
        Assert.Equal(0, bucket.AvailableTokens);
    }
}
