namespace Resilience.Functional.Redis.Tests.Connection;

/// <summary>Connection strings and options are validated when they are made, with a message naming what is wrong.</summary>
public class RedisConnectionTests
{
    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("abortConnect=false")]
    [InlineData("127.0.0.1:6379,connectTimeout=soon")]
    public void A_connection_string_that_names_no_endpoint_or_does_not_parse_is_refused_naming_it(string text)
    {
        var refused = Assert.Throws<ArgumentException>(() => RedisConnection.Options(text));

        Assert.Equal("connectionString", refused.ParamName);
    }

    [Fact]
    public void A_valid_connection_string_reconnects_by_itself()
    {
        var options = RedisConnection.Options("127.0.0.1:6390,abortConnect=true");

        Assert.False(options.AbortOnConnectFail);
        Assert.Single(options.EndPoints);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("tab\t")]
    public void A_bad_key_prefix_is_refused_naming_the_property(string prefix)
    {
        Assert.Equal("KeyPrefix", Assert.Throws<ArgumentException>(() => new RedisIdempotencyStoreOptions { KeyPrefix = prefix }).ParamName);
        Assert.Equal("KeyPrefix", Assert.Throws<ArgumentException>(() => new RedisRateLimiterOptions { KeyPrefix = prefix }).ParamName);
        Assert.Equal("KeyPrefix", Assert.Throws<ArgumentException>(() => new RedisConcurrencyLimiterOptions { KeyPrefix = prefix }).ParamName);
        Assert.Equal("KeyPrefix", Assert.Throws<ArgumentException>(() => new RedisLastKnownGoodOptions { KeyPrefix = prefix }).ParamName);
        Assert.Equal("KeyPrefix", Assert.Throws<ArgumentException>(() => new RedisBreakerClusterOptions { KeyPrefix = prefix }).ParamName);
    }

    [Fact]
    public void A_prefix_of_64_characters_is_taken_and_one_of_65_refused()
    {
        Assert.Equal(64, new RedisIdempotencyStoreOptions { KeyPrefix = new string('p', 64) }.KeyPrefix.Length);
        Assert.Contains("1 to 64 characters", Assert.Throws<ArgumentException>(() => new RedisIdempotencyStoreOptions { KeyPrefix = new string('p', 65) }).Message);
    }

    [Fact]
    public void Out_of_range_settings_are_refused_naming_the_property()
    {
        Assert.Equal("MaxRecordBytes", Assert.Throws<ArgumentOutOfRangeException>(() => new RedisIdempotencyStoreOptions { MaxRecordBytes = 0 }).ParamName);
        Assert.Equal("Database", Assert.Throws<ArgumentOutOfRangeException>(() => new RedisIdempotencyStoreOptions { Database = 16 }).ParamName);
        Assert.Equal("OnUnavailable", Assert.Throws<ArgumentOutOfRangeException>(() => new RedisRateLimiterOptions { OnUnavailable = (RedisOutageMode)7 }).ParamName);
        Assert.Equal("MaxConcurrency", Assert.Throws<ArgumentOutOfRangeException>(() => new RedisConcurrencyLimiterOptions { MaxConcurrency = 0 }).ParamName);
        Assert.Equal("LeaseDuration", Assert.Throws<ArgumentOutOfRangeException>(() => new RedisConcurrencyLimiterOptions { LeaseDuration = TimeSpan.FromMilliseconds(99) }).ParamName);
        Assert.Equal("MaxStaleness", Assert.Throws<ArgumentOutOfRangeException>(() => new RedisLastKnownGoodOptions { MaxStaleness = TimeSpan.Zero }).ParamName);
        Assert.Equal("MaxValueBytes", Assert.Throws<ArgumentOutOfRangeException>(() => new RedisLastKnownGoodOptions { MaxValueBytes = 0 }).ParamName);
        Assert.Equal("Heartbeat", Assert.Throws<ArgumentOutOfRangeException>(() => new RedisBreakerClusterOptions { Heartbeat = TimeSpan.FromMilliseconds(50) }).ParamName);
        Assert.Equal("Bucket", Assert.Throws<ArgumentNullException>(() => new RedisRateLimiterOptions { Bucket = null! }).ParamName);
    }

    [Fact]
    public void The_defaults_are_the_documented_ones()
    {
        Assert.Equal(("rf:idem:", 1024 * 1024, -1), (RedisIdempotencyStoreOptions.Default.KeyPrefix, RedisIdempotencyStoreOptions.Default.MaxRecordBytes, RedisIdempotencyStoreOptions.Default.Database));
        Assert.Equal(("rf:rl:", RedisOutageMode.FailOpen), (new RedisRateLimiterOptions().KeyPrefix, new RedisRateLimiterOptions().OnUnavailable));
        var concurrency = new RedisConcurrencyLimiterOptions();
        Assert.Equal(("rf:cl:", 10, TimeSpan.FromSeconds(30), RedisOutageMode.FailOpen), (concurrency.KeyPrefix, concurrency.MaxConcurrency, concurrency.LeaseDuration, concurrency.OnUnavailable));
        var lastGood = new RedisLastKnownGoodOptions();
        Assert.Equal(("rf:lkg:", TimeSpan.FromMinutes(5), 256 * 1024), (lastGood.KeyPrefix, lastGood.MaxStaleness, lastGood.MaxValueBytes));
        var cluster = new RedisBreakerClusterOptions();
        Assert.Equal(("rf:cb:", TimeSpan.FromSeconds(3)), (cluster.KeyPrefix, cluster.Heartbeat));
        Assert.Equal((0.5, 20, 1, TimeSpan.FromMilliseconds(250)), (new ClusterBreakerOptions().FailureRatio, new ClusterBreakerOptions().MinimumThroughput, new ClusterBreakerOptions().Quorum, new ClusterBreakerOptions().PollInterval));
    }
}
