using StackExchange.Redis;

namespace Resilience.Functional.Redis.Tests.RateLimiting;

/// <summary>The shared limiter's settings are checked when it is built, before any call reaches Redis.</summary>
public class RedisRateLimiterConstructionTests
{
    [Fact(Timeout = 20_000)]
    public async Task A_bucket_that_would_take_more_than_2_to_the_50_microseconds_to_fill_is_refused_naming_the_burst()
    {
        // Nothing listens on this endpoint: the constructor must decide without the server.
        var options = RedisConnection.Options($"127.0.0.1:{Servers.FreePort.Next()}");
        options.ConnectTimeout = 100;
        await using var connection = await ConnectionMultiplexer.ConnectAsync(options);
        var huge = new TokenBucketOptions { TokensPerPeriod = 1, Period = TimeSpan.FromDays(40), Burst = 1_000 };

        var refused = Assert.Throws<ArgumentOutOfRangeException>(() => new RedisRateLimiter(connection, new RedisRateLimiterOptions { Bucket = huge }));

        Assert.Contains("Bucket.Burst must be at most", refused.Message);
        Assert.Equal(100_000L, new RedisRateLimiter(connection, new RedisRateLimiterOptions { Bucket = new TokenBucketOptions { TokensPerPeriod = 10, Period = TimeSpan.FromSeconds(1) } }).IntervalMicros);
    }
}
