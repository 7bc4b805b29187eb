namespace Resilience.Functional.Redis;

/// <summary>
/// The shared limiter's one script: GCRA on the server's clock (<c>TIME</c>), in microseconds. The key holds the
/// theoretical arrival time; a call of cost c is admitted when <c>max(tat, now) + c·interval − now ≤ burst·interval</c>,
/// else refused with the exact wait until it would be. Lua 5.1-safe: numbers are read with <c>tonumber</c> and
/// written with <c>%.0f</c>, never relying on integer types (docs/redis.md#key-layout).
/// </summary>
internal static class RateLimitScript
{
    // KEYS[1] partition; ARGV[1] interval µs, ARGV[2] burst, ARGV[3] cost. Answers {admitted 1/0, retry-after µs, server time µs}, numbers as text.
    public const string Gcra = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
        local interval = tonumber(ARGV[1])
        local capacity = interval * tonumber(ARGV[2])
        local tat = now
        local stored = redis.call('GET', KEYS[1])
        if stored then
          tat = tonumber(stored)
          if tat < now then tat = now end
        end
        local new = tat + interval * tonumber(ARGV[3])
        if new - now > capacity then
          return {0, string.format('%.0f', new - now - capacity), string.format('%.0f', now)}
        end
        if new > tat then
          redis.call('SET', KEYS[1], string.format('%.0f', new), 'PX', string.format('%.0f', math.floor((new - now) / 1000) + 1))
        end
        return {1, '0', string.format('%.0f', now)}
        """;
}
