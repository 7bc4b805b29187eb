using System.Diagnostics;
using Resilience.Functional.Redis.Tests.Servers;
using StackExchange.Redis;

namespace Resilience.Functional.Redis.Tests.Concurrency;

/// <summary>The shared concurrency limit's contract, run against every server (see the derived classes at the end).</summary>
public abstract class ConcurrencyLimiterContract(TestServer server) : IDisposable
{
    private readonly ConnectionMultiplexer connection = server.Connect();
    private readonly string prefix = $"t:{Guid.NewGuid():N}:";

    private RedisConcurrencyLimiter Limiter(int max, TimeSpan lease, ConnectionMultiplexer? on = null) =>
        new(on ?? connection, new RedisConcurrencyLimiterOptions { MaxConcurrency = max, LeaseDuration = lease, KeyPrefix = prefix, Resource = "payments" });

    [Fact(Timeout = 60_000)]
    public async Task Four_instances_never_hold_more_than_the_limit_at_once_and_give_every_permit_back()
    {
        const int Max = 3;
        await using var instances = server.ConnectMany(4);
        var connections = instances.All;
        var running = 0;
        var most = 0;
        var rejected = 0;
        var completed = 0;
        var watch = Stopwatch.StartNew();
        var callers = from c in connections
                      let limiter = Limiter(Max, TimeSpan.FromSeconds(10), c)
                      from caller in Enumerable.Range(0, 8)
                      select Task.Run(async () =>
                      {
                          var call = Op.Of(async ct =>
                          {
                              var now = Interlocked.Increment(ref running);
                              InterlockedMax(ref most, now);
                              await c.GetDatabase().PingAsync(); // the downstream's work: a real round trip
                              Interlocked.Decrement(ref running);
                              return Right<Error, int>(1);
                          }).WithConcurrencyLimit(limiter);
                          while (watch.Elapsed < TimeSpan.FromSeconds(1.5))
                          {
                              var outcome = await call.Run(CancellationToken.None);
                              _ = outcome.Match(
                                  Right: _ => Interlocked.Increment(ref completed),
                                  Left: e => e is BulkheadFullError { MaxConcurrency: Max } ? Interlocked.Increment(ref rejected) : 0); // else a timeout of an overloaded machine
                          }
                      });
        await Task.WhenAll(callers);

        Assert.InRange(most, 1, Max);
        Assert.True(rejected > 0, "the limit was never reached");
        Assert.True(completed > 0);
        // Every permit is released (a release lost to a timeout comes back with its lease).
        var left = Limiter(Max, TimeSpan.FromSeconds(10));
        var bound = Stopwatch.StartNew();
        while (await left.CountAsync() > 0)
        {
            Assert.True(bound.Elapsed < TimeSpan.FromSeconds(15), "permits still held after their lease");
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task The_permits_of_an_instance_that_dies_mid_call_come_back_within_the_lease()
    {
        var lease = TimeSpan.FromMilliseconds(600);
        var dying = server.Connect();
        var hung = new TaskCompletionSource<Either<Error, int>>();
        var held = Limiter(2, lease, dying);
        var calls = Enumerable.Range(0, 2).Select(_ => Op.Of(_ => new ValueTask<Either<Error, int>>(hung.Task)).WithConcurrencyLimit(held).Run(CancellationToken.None).AsTask()).ToArray();
        var survivor = Limiter(2, lease);
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (await survivor.CountAsync() < 2)
        {
            bound.Token.ThrowIfCancellationRequested();
        }

        var refusedWhileHeld = await Op.Succeed(1).WithConcurrencyLimit(survivor).Run(CancellationToken.None);
        var died = Stopwatch.StartNew();
        dying.Dispose(); // the instance dies: its renewals stop reaching the server
        Either<Error, int> after;
        do
        {
            bound.Token.ThrowIfCancellationRequested();
            after = await Op.Succeed(2).WithConcurrencyLimit(survivor).Run(CancellationToken.None);
        }
        while (after.IsLeft);
        var back = died.Elapsed;
        hung.SetResult(Right<Error, int>(0));
        await Task.WhenAll(calls);

        Assert.IsType<BulkheadFullError>((Error)refusedWhileHeld);
        Assert.Equal(Right<Error, int>(2), after);
        Assert.True(back <= lease + TimeSpan.FromMilliseconds(500), $"permits came back after {back}");
    }

    [Fact(Timeout = 20_000)]
    public async Task A_permit_is_released_after_an_error_an_exception_and_a_cancellation()
    {
        var limiter = Limiter(1, TimeSpan.FromSeconds(10));
        using var cts = new CancellationTokenSource();

        var failed = await Op.Fail<int>(Error.New("down")).WithConcurrencyLimit(limiter).Run(CancellationToken.None);
        var thrown = await Op.FromFunc<int>(_ => throw new InvalidOperationException("bug")).WithConcurrencyLimit(limiter).Run(CancellationToken.None);
        var cancelled = await Op.Of(async ct =>
        {
            await cts.CancelAsync();
            ct.ThrowIfCancellationRequested();
            return Right<Error, int>(0);
        }).WithConcurrencyLimit(limiter).Run(cts.Token);
        var last = await Op.Succeed(3).WithConcurrencyLimit(limiter).Run(CancellationToken.None);

        Assert.True(failed.IsLeft && thrown.IsLeft);
        Assert.IsType<CancelledError>((Error)cancelled);
        Assert.Equal(Right<Error, int>(3), last);
        Assert.Equal(0, await limiter.CountAsync());
    }

    [Fact(Timeout = 20_000)]
    public async Task A_long_call_keeps_its_permit_by_renewing_the_lease()
    {
        // A lease of 1 s renewed every third: a renewal may come two thirds of a second late (a loaded machine) and
        // the permit still holds.
        var limiter = Limiter(1, TimeSpan.FromSeconds(1));
        var release = new TaskCompletionSource<Either<Error, int>>();
        var holder = Op.Of(_ => new ValueTask<Either<Error, int>>(release.Task)).WithConcurrencyLimit(limiter).Run(CancellationToken.None).AsTask();
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (await limiter.CountAsync() < 1)
        {
            bound.Token.ThrowIfCancellationRequested();
        }

        var watch = Stopwatch.StartNew();
        var refusals = 0;
        while (watch.Elapsed < TimeSpan.FromMilliseconds(2_500)) // more than two leases
        {
            var outcome = await Op.Succeed(1).WithConcurrencyLimit(limiter).Run(CancellationToken.None);
            Assert.True(outcome.IsLeft, $"a second call got the permit after {watch.Elapsed}");
            refusals++;
        }

        release.SetResult(Right<Error, int>(1));
        await holder;
        Assert.True(refusals > 0);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var seen = Volatile.Read(ref target);
        while (value > seen)
        {
            var prior = Interlocked.CompareExchange(ref target, value, seen);
            if (prior == seen)
            {
                return;
            }

            seen = prior;
        }
    }

    public void Dispose()
    {
        connection.Dispose();
        GC.SuppressFinalize(this);
    }
}

[Collection(GarnetCollection.Name)]
public sealed class ConcurrencyLimiterOnGarnet(GarnetServerFixture server) : ConcurrencyLimiterContract(server);

[Collection(RedisServerCollection.Name)]
public sealed class ConcurrencyLimiterOnRedisServer(RedisServerFixture server) : ConcurrencyLimiterContract(server);
