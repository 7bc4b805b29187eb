using Resilience.Functional.Redis.Tests.Servers;
using StackExchange.Redis;

namespace Resilience.Functional.Redis.Tests.Fallback;

/// <summary>The shared last-known-good store's contract, run against every server (see the derived classes at the end).</summary>
public abstract class LastKnownGoodStoreContract(TestServer server) : IDisposable
{
    private static readonly Error Down = new HttpStatusError(503);
    private readonly ConnectionMultiplexer connection = server.Connect();
    private readonly string prefix = $"t:{Guid.NewGuid():N}:";

    private RedisLastKnownGoodStore<decimal> Store(TimeSpan? maxStaleness = null, int maxBytes = 1024, ConnectionMultiplexer? on = null) =>
        new(on ?? connection, new RedisLastKnownGoodOptions { KeyPrefix = prefix, MaxStaleness = maxStaleness ?? TimeSpan.FromMinutes(1), MaxValueBytes = maxBytes });

    [Fact(Timeout = 20_000)]
    public async Task A_success_on_one_instance_is_served_stale_by_another_whose_primary_fails()
    {
        await using var other = server.Connect();
        var writer = Store();
        var reader = Store(on: other);
        var fresh = await Op.Succeed(1.0842m).WithLastKnownGoodTagged(writer, "EUR/USD").Run(CancellationToken.None);
        await WaitUntilStored(reader, "EUR/USD");

        var served = await Op.Fail<decimal>(Down).WithLastKnownGoodTagged(reader, "EUR/USD").Run(CancellationToken.None);

        Assert.Equal(Served.Primary(1.0842m), (Served<decimal>)fresh);
        var stale = (Served<decimal>)served;
        Assert.Equal(ServedSource.Stale, stale.Source);
        Assert.Equal(1.0842m, stale.Value);
        Assert.InRange(stale.Age, TimeSpan.Zero, TimeSpan.FromSeconds(10));
    }

    [Fact(Timeout = 20_000)]
    public async Task The_success_path_does_not_wait_for_the_store()
    {
        var store = Store();

        var pending = Op.Succeed(2m).WithLastKnownGood(store, "k")(CancellationToken.None);

        Assert.True(pending.IsCompletedSuccessfully, "the write is fire and forget");
        Assert.Equal(Right<Error, decimal>(2m), await pending);
        await WaitUntilStored(store, "k");
    }

    [Fact(Timeout = 20_000)]
    public async Task A_value_older_than_the_maximum_staleness_is_not_served()
    {
        var store = Store(TimeSpan.FromMilliseconds(200));
        store.Store("k", 3m);
        await WaitUntilStored(store, "k");

        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while ((await store.TryGetFreshAsync("k", bound.Token)).IsSome)
        {
            bound.Token.ThrowIfCancellationRequested();
        }

        Assert.Equal(Down, (Error)await Op.Fail<decimal>(Down).WithLastKnownGood(store, "k").Run(CancellationToken.None));
    }

    [Fact(Timeout = 20_000)]
    public async Task A_value_larger_than_the_bound_is_not_stored_and_the_previous_one_stays()
    {
        var store = Store(maxBytes: 8);
        store.Store("k", 1m);
        store.Store("k", 123456789.123456789m);
        store.Store("marker", 2m); // written after the others on the same connection
        await WaitUntilStored(store, "marker");

        var found = await store.TryGetFreshAsync("k", CancellationToken.None);

        Assert.Equal(1m, ((Served<decimal>)found).Value);
        Assert.Equal(1, store.Oversized);
    }

    private static async Task WaitUntilStored(RedisLastKnownGoodStore<decimal> store, string key)
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while ((await store.TryGetFreshAsync(key, bound.Token)).IsNone)
        {
            bound.Token.ThrowIfCancellationRequested();
        }
    }

    public void Dispose()
    {
        connection.Dispose();
        GC.SuppressFinalize(this);
    }
}

[Collection(GarnetCollection.Name)]
public sealed class LastKnownGoodStoreOnGarnet(GarnetServerFixture server) : LastKnownGoodStoreContract(server);

[Collection(RedisServerCollection.Name)]
public sealed class LastKnownGoodStoreOnRedisServer(RedisServerFixture server) : LastKnownGoodStoreContract(server);
