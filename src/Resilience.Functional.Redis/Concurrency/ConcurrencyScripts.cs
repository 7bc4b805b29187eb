namespace Resilience.Functional.Redis;

/// <summary>
/// The concurrency limiter's scripts. The key is a sorted set of lease ids scored by their expiry on the server's
/// clock (ms); expired leases are dropped before counting, so a dead holder's permits come back when its lease runs
/// out. Lua 5.1-safe: numbers read with <c>tonumber</c>, written with <c>%.0f</c> (docs/redis.md#key-layout).
/// </summary>
internal static class ConcurrencyScripts
{
    // KEYS[1] set; ARGV[1] limit, ARGV[2] lease ms, ARGV[3] lease id.
    public const string Acquire = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', string.format('%.0f', now))
        if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
          redis.call('ZADD', KEYS[1], string.format('%.0f', now + tonumber(ARGV[2])), ARGV[3])
          redis.call('PEXPIRE', KEYS[1], ARGV[2])
          return 1
        end
        return 0
        """;

    // KEYS[1] set; ARGV[1] lease ms, ARGV[2] lease id. A lease that ran out is not revived.
    public const string Renew = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local expiry = redis.call('ZSCORE', KEYS[1], ARGV[2])
        if expiry and tonumber(expiry) > now then
          redis.call('ZADD', KEYS[1], string.format('%.0f', now + tonumber(ARGV[1])), ARGV[2])
          redis.call('PEXPIRE', KEYS[1], ARGV[1])
          return 1
        end
        return 0
        """;

    // KEYS[1] set; ARGV[1] lease ms. The number of live leases.
    public const string Count = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', string.format('%.0f', now))
        return redis.call('ZCARD', KEYS[1])
        """;
}
