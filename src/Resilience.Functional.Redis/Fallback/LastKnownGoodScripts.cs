namespace Resilience.Functional.Redis;

/// <summary>
/// The last-known-good store's scripts. A key is a hash: <c>v</c> the value, <c>t</c> when it was written on the
/// server's clock (µs), so every instance ages it alike. Lua 5.1-safe (docs/redis.md#key-layout).
/// </summary>
internal static class LastKnownGoodScripts
{
    // KEYS[1] key; ARGV[1] value, ARGV[2] TTL ms.
    public const string Write = """
        local t = redis.call('TIME')
        redis.call('HSET', KEYS[1], 'v', ARGV[1], 't', string.format('%.0f', tonumber(t[1]) * 1000000 + tonumber(t[2])))
        redis.call('PEXPIRE', KEYS[1], ARGV[2])
        return 1
        """;

    // KEYS[1] key. Answers {} when nothing is stored, else {age µs as text, value}.
    public const string Read = """
        local h = redis.call('HMGET', KEYS[1], 'v', 't')
        if not h[1] then
          return {}
        end
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
        return {string.format('%.0f', now - tonumber(h[2])), h[1]}
        """;
}
