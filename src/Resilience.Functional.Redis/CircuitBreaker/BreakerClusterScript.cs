namespace Resilience.Functional.Redis;

/// <summary>
/// The breaker cluster's one script: a hash of instance id → <c>expiry:calls:failures:open:unhealthy</c> on the
/// server's clock (ms). An exchange writes this instance's report, drops the reports whose heartbeat ran out, and
/// sums the rest. Lua 5.1-safe: numbers read with <c>tonumber</c>, answered as text (docs/redis.md#key-layout).
/// </summary>
internal static class BreakerClusterScript
{
    // KEYS[1] hash; ARGV[1] id, ARGV[2] heartbeat ms, ARGV[3] calls, ARGV[4] failures, ARGV[5] open 0/1, ARGV[6] unhealthy 0/1.
    public const string Exchange = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        redis.call('HSET', KEYS[1], ARGV[1], string.format('%.0f', now + tonumber(ARGV[2])) .. ':' .. ARGV[3] .. ':' .. ARGV[4] .. ':' .. ARGV[5] .. ':' .. ARGV[6])
        redis.call('PEXPIRE', KEYS[1], ARGV[2])
        local all = redis.call('HGETALL', KEYS[1])
        local n, calls, failures, open, unhealthy = 0, 0, 0, 0, 0
        for i = 1, #all, 2 do
          local e, c, f, o, u = string.match(all[i + 1], '^(%d+):(%d+):(%d+):(%d):(%d)$')
          if e and tonumber(e) > now then
            n = n + 1
            calls = calls + tonumber(c)
            failures = failures + tonumber(f)
            open = open + tonumber(o)
            unhealthy = unhealthy + tonumber(u)
          else
            redis.call('HDEL', KEYS[1], all[i])
          end
        end
        return {string.format('%.0f', n), string.format('%.0f', calls), string.format('%.0f', failures), string.format('%.0f', open), string.format('%.0f', unhealthy)}
        """;
}
