using System.Collections.Concurrent;
using Resilience.Functional.Redis.Tests.Servers;
using Resilience.Functional.Stores;
using StackExchange.Redis;
using StackExchange.Redis.Profiling;

namespace Resilience.Functional.Redis.Tests.Idempotency;

/// <summary>The idempotency store's contract, run against every server (see the derived classes at the end).</summary>
public abstract class IdempotencyStoreContract(TestServer server) : IDisposable
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(5);
    private readonly ConnectionMultiplexer connection = server.Connect();
    private readonly RedisIdempotencyStoreOptions options = new() { KeyPrefix = $"t:{Guid.NewGuid():N}:" };

    private RedisIdempotencyStore Store => new(connection, options);

    [Fact(Timeout = 20_000)]
    public async Task A_free_key_is_claimed_once_and_then_reported_in_flight_with_its_fingerprint()
    {
        var store = Store;
        var first = await store.BeginAsync("k", "fp-1", Lease, CancellationToken.None);
        var second = await store.BeginAsync("k", "fp-1", Lease, CancellationToken.None);

        Assert.Equal(IdempotencyBeginKind.Started, first.Kind);
        Assert.NotEqual(Guid.Empty, first.Lease);
        Assert.Equal(IdempotencyBegin.InFlight("fp-1"), second);
    }

    [Fact(Timeout = 20_000)]
    public async Task A_completed_key_replays_its_record_and_keeps_a_null_fingerprint_null()
    {
        var store = Store;
        var lease = (await store.BeginAsync("k", null, Lease, CancellationToken.None)).Lease;
        await store.CompleteAsync("k", lease, new IdempotencyRecord(null, true, [1, 2, 3]), Ttl, CancellationToken.None);

        var replay = await store.BeginAsync("k", null, Lease, CancellationToken.None);

        Assert.Equal(IdempotencyBeginKind.Completed, replay.Kind);
        Assert.Null(replay.Fingerprint);
        Assert.True(replay.Record!.IsSuccess);
        Assert.Equal([1, 2, 3], replay.Record.Payload);
    }

    [Fact(Timeout = 20_000)]
    public async Task A_mismatching_fingerprint_gets_the_stored_fingerprint_and_never_the_payload()
    {
        var store = Store;
        var lease = (await store.BeginAsync("k", "a", Lease, CancellationToken.None)).Lease;
        await store.CompleteAsync("k", lease, new IdempotencyRecord("a", false, [9]), Ttl, CancellationToken.None);

        var other = await store.BeginAsync("k", "b", Lease, CancellationToken.None);

        Assert.Equal(IdempotencyBegin.InFlight("a"), other);
    }

    [Fact(Timeout = 20_000)]
    public async Task A_stale_lease_can_neither_complete_release_nor_renew_the_holders_claim()
    {
        var store = Store;
        var holder = (await store.BeginAsync("k", null, Lease, CancellationToken.None)).Lease;
        var stale = Guid.NewGuid();

        await store.CompleteAsync("k", stale, new IdempotencyRecord(null, true, [7]), Ttl, CancellationToken.None);
        await store.ReleaseAsync("k", stale, CancellationToken.None);
        var renewed = await store.RenewAsync("k", stale, Lease, CancellationToken.None);

        Assert.False(renewed);
        Assert.Equal(IdempotencyBeginKind.InFlight, (await store.BeginAsync("k", null, Lease, CancellationToken.None)).Kind);
        Assert.True(await store.RenewAsync("k", holder, Lease, CancellationToken.None));
    }

    [Fact(Timeout = 20_000)]
    public async Task The_holder_releases_its_key_and_a_completed_key_cannot_be_released()
    {
        var store = Store;
        var lease = (await store.BeginAsync("free", null, Lease, CancellationToken.None)).Lease;
        await store.ReleaseAsync("free", lease, CancellationToken.None);
        var done = (await store.BeginAsync("done", null, Lease, CancellationToken.None)).Lease;
        await store.CompleteAsync("done", done, new IdempotencyRecord(null, true, [1]), Ttl, CancellationToken.None);
        await store.ReleaseAsync("done", done, CancellationToken.None);

        Assert.Equal(IdempotencyBeginKind.Started, (await store.BeginAsync("free", null, Lease, CancellationToken.None)).Kind);
        Assert.Equal(IdempotencyBeginKind.Completed, (await store.BeginAsync("done", null, Lease, CancellationToken.None)).Kind);
    }

    [Fact(Timeout = 20_000)]
    public async Task Records_and_leases_carry_their_ttl_on_the_server()
    {
        var store = Store;
        var lease = (await store.BeginAsync("k", null, TimeSpan.FromSeconds(40), CancellationToken.None)).Lease;
        var db = connection.GetDatabase();
        var leaseTtl = await db.KeyTimeToLiveAsync(options.KeyPrefix + "k");
        await store.CompleteAsync("k", lease, new IdempotencyRecord(null, true, [1]), TimeSpan.FromHours(2), CancellationToken.None);
        var recordTtl = await db.KeyTimeToLiveAsync(options.KeyPrefix + "k");

        Assert.InRange(leaseTtl!.Value, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(40));
        Assert.InRange(recordTtl!.Value, TimeSpan.FromHours(2) - TimeSpan.FromSeconds(10), TimeSpan.FromHours(2));
    }

    [Fact(Timeout = 20_000)]
    public async Task An_expired_lease_frees_the_key_for_the_next_caller()
    {
        var store = Store;
        await store.BeginAsync("k", null, TimeSpan.FromMilliseconds(30), CancellationToken.None);

        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        IdempotencyBegin next;
        do
        {
            next = await store.BeginAsync("k", null, Lease, bound.Token);
            bound.Token.ThrowIfCancellationRequested();
        }
        while (next.Kind != IdempotencyBeginKind.Started);

        Assert.Equal(IdempotencyBeginKind.Started, next.Kind);
    }

    [Fact(Timeout = 20_000)]
    public async Task A_record_larger_than_the_bound_is_refused_naming_the_bound_and_the_key_stays_in_flight()
    {
        var store = new RedisIdempotencyStore(connection, options with { MaxRecordBytes = 16 });
        var lease = (await store.BeginAsync("big", null, Lease, CancellationToken.None)).Lease;

        var refused = await Assert.ThrowsAsync<ArgumentException>(async () =>
            await store.CompleteAsync("big", lease, new IdempotencyRecord(null, true, new byte[17]), Ttl, CancellationToken.None));

        Assert.Contains("MaxRecordBytes allows at most 16", refused.Message);
        Assert.Contains("'big'", refused.Message);
        Assert.Equal(IdempotencyBeginKind.InFlight, (await store.BeginAsync("big", null, Lease, CancellationToken.None)).Kind);
    }

    [Theory(Timeout = 20_000)]
    [InlineData("")]
    [InlineData(" ")]
    public async Task An_invalid_key_is_refused_naming_the_key_parameter(string key)
    {
        var refused = await Assert.ThrowsAsync<ArgumentException>(async () => await Store.BeginAsync(key, null, Lease, CancellationToken.None));

        Assert.Equal("key", refused.ParamName);
    }

    [Fact(Timeout = 20_000)]
    public async Task A_key_longer_than_the_guards_bound_is_refused()
    {
        var refused = await Assert.ThrowsAsync<ArgumentException>(async () =>
            await Store.BeginAsync(new string('k', IdempotencyGuard.MaxKeyLength + 1), null, Lease, CancellationToken.None));

        Assert.Contains($"at most {IdempotencyGuard.MaxKeyLength}", refused.Message);
    }

    [Fact(Timeout = 20_000)]
    public async Task A_first_run_is_two_round_trips_and_a_replay_one()
    {
        var guard = new IdempotencyGuard(Store);
        var call = Op.Succeed(1).WithIdempotency(guard, "rt");
        await Op.Succeed(0).WithIdempotency(guard, "warm").Run(CancellationToken.None); // loads the scripts
        var session = new ProfilingSession();
        connection.RegisterProfiler(() => session);

        await call.Run(CancellationToken.None);
        var first = session.FinishProfiling().Count();
        session = new ProfilingSession();
        var replay = await call.Run(CancellationToken.None);
        var again = session.FinishProfiling().Count();
        connection.RegisterProfiler(() => null);

        Assert.True(replay.Match(Right: v => v.IsReplay, Left: _ => false));
        Assert.Equal(2, first);
        Assert.Equal(1, again);
    }

    /// <summary>4 instances (4 connections) × 64 concurrent duplicates per key, over 200 keys: each effect runs once.</summary>
    [Fact(Timeout = 120_000)]
    public async Task Across_four_instances_sixty_four_duplicates_of_a_key_run_the_effect_once_over_200_keys()
    {
        const int Instances = 4, Duplicates = 64, Keys = 200, KeysAtOnce = 8;
        await using var instances = server.ConnectMany(Instances);
        var connections = instances.All;
        var guards = connections
            .Select(c => new IdempotencyGuard(new RedisIdempotencyStore(c, options), IdempotencyOptions.Default with { ConflictRetryAfter = TimeSpan.FromMilliseconds(250) }))
            .ToArray();
        var effects = new ConcurrentDictionary<string, int>();
        var outcomes = new ConcurrentBag<(string Key, Either<Error, Idempotent<string>> Outcome)>();
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(100));

        async Task Call(string key, int duplicate)
        {
            var charge = Op.Of(async ct =>
            {
                await Task.Yield();
                effects.AddOrUpdate(key, 1, (_, n) => n + 1);
                return Right<Error, string>($"charged {key}");
            });
            var outcome = await charge.WithIdempotency(guards[duplicate % Instances], key, "same-request").Run(bound.Token);
            outcomes.Add((key, outcome));
        }

        for (var batch = 0; batch < Keys; batch += KeysAtOnce)
        {
            var calls = from k in Enumerable.Range(batch, KeysAtOnce)
                        from d in Enumerable.Range(0, Duplicates)
                        select Task.Run(() => Call($"order-{k}", d));
            await Task.WhenAll(calls);
        }

        Assert.Equal(Keys, effects.Count);
        Assert.All(effects, e => Assert.Equal(1, e.Value));
        Assert.Equal(Keys * Duplicates, outcomes.Count);
        foreach (var group in outcomes.GroupBy(o => o.Key))
        {
            var fresh = group.Count(o => o.Outcome.Match(Right: v => !v.IsReplay, Left: _ => false));
            Assert.Equal(1, fresh);
            Assert.All(group, o => o.Outcome.Match(
                Right: v => Assert.Equal($"charged {group.Key}", v.Value),
                Left: e => Assert.Equal(TimeSpan.FromMilliseconds(250), Assert.IsType<IdempotencyConflictError>(e).RetryAfterDelay)));
        }
    }

    public void Dispose()
    {
        connection.Dispose();
        GC.SuppressFinalize(this);
    }
}

[Collection(GarnetCollection.Name)]
public sealed class IdempotencyStoreOnGarnet(GarnetServerFixture server) : IdempotencyStoreContract(server);

[Collection(RedisServerCollection.Name)]
public sealed class IdempotencyStoreOnRedisServer(RedisServerFixture server) : IdempotencyStoreContract(server);
