namespace Resilience.Functional.Redis;

/// <summary>
/// The idempotency store's scripts, one per operation. A key is a hash: <c>s</c> state (<c>f</c> in flight,
/// <c>c</c> completed), <c>l</c> lease, <c>fp</c> fingerprint (<c>n</c> for none, else <c>v</c> and the text),
/// <c>ok</c> and <c>p</c> the stored outcome; its TTL is the lease while in flight, the record's TTL once completed.
/// Lua 5.1-safe: every number is passed in as text and read with <c>tonumber</c> (docs/redis.md#key-layout).
/// </summary>
internal static class IdempotencyScripts
{
    // KEYS[1] key; ARGV[1] lease, ARGV[2] fingerprint, ARGV[3] lease ms. A mismatching fingerprint gets only the
    // stored fingerprint back, never the payload: the comparison is made on the server.
    public const string Begin = """
        local h = redis.call('HMGET', KEYS[1], 's', 'fp', 'ok', 'p')
        if not h[1] then
          redis.call('HSET', KEYS[1], 's', 'f', 'l', ARGV[1], 'fp', ARGV[2])
          redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]))
          return {'started'}
        end
        if h[2] ~= ARGV[2] then
          return {'mismatch', h[2]}
        end
        if h[1] == 'c' then
          return {'completed', h[2], h[3], h[4]}
        end
        return {'inflight', h[2]}
        """;

    // KEYS[1] key; ARGV[1] lease, ARGV[2] ok flag, ARGV[3] payload, ARGV[4] TTL ms.
    public const string Complete = """
        local h = redis.call('HMGET', KEYS[1], 's', 'l')
        if h[1] == 'f' and h[2] == ARGV[1] then
          redis.call('HSET', KEYS[1], 's', 'c', 'ok', ARGV[2], 'p', ARGV[3])
          redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[4]))
          return 1
        end
        return 0
        """;

    // KEYS[1] key; ARGV[1] lease.
    public const string Release = """
        local h = redis.call('HMGET', KEYS[1], 's', 'l')
        if h[1] == 'f' and h[2] == ARGV[1] then
          redis.call('DEL', KEYS[1])
          return 1
        end
        return 0
        """;

    // KEYS[1] key; ARGV[1] lease, ARGV[2] lease ms. An expired key is gone, so a lease that ran out is not revived.
    public const string Renew = """
        local h = redis.call('HMGET', KEYS[1], 's', 'l')
        if h[1] == 'f' and h[2] == ARGV[1] then
          redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]))
          return 1
        end
        return 0
        """;
}
