using Microsoft.Extensions.Time.Testing;
using Resilience.Functional.Stores;

namespace Resilience.Functional.Tests;

/// <summary>The last-known-good combinator over any <see cref="ILastKnownGoodStore{TKey, T}"/> (the in-memory cache is one).</summary>
public class LastKnownGoodStoreTests
{
    private static readonly Error Down = new HttpStatusError(503);

    private sealed class Recording : ILastKnownGoodStore<string, int>
    {
        public List<(string, int)> Stored { get; } = [];

        public Func<string, ValueTask<Option<Served<int>>>> Lookup { get; init; } = _ => new(Option<Served<int>>.None);

        public bool ThrowOnStore { get; init; }

        public void Store(string key, int value)
        {
            Stored.Add((key, value));
            if (ThrowOnStore)
            {
                throw new InvalidOperationException("store down");
            }
        }

        public ValueTask<Option<Served<int>>> TryGetFreshAsync(string key, CancellationToken cancellationToken) => Lookup(key);
    }

    [Fact]
    public async Task A_success_is_stored_and_returned_synchronously_even_when_the_store_throws()
    {
        var store = new Recording { ThrowOnStore = true };
        var op = Op.Succeed(5).WithLastKnownGoodTagged(store, "k");

        var pending = op(CancellationToken.None);

        Assert.True(pending.IsCompletedSuccessfully);
        Assert.Equal(Served.Primary(5), (Served<int>)await pending);
        Assert.Equal([("k", 5)], store.Stored);
    }

    [Fact]
    public async Task A_failure_is_answered_with_what_the_store_finds()
    {
        var store = new Recording { Lookup = _ => new(Option<Served<int>>.Some(Served.Stale(4, TimeSpan.FromSeconds(3)))) };

        var outcome = await Op.Fail<int>(Down).WithLastKnownGoodTagged(store, "k").Run(CancellationToken.None);

        Assert.Equal(Served.Stale(4, TimeSpan.FromSeconds(3)), (Served<int>)outcome);
    }

    [Fact]
    public async Task A_store_that_finds_nothing_throws_or_faults_lets_the_error_through()
    {
        var empty = new Recording();
        var throwing = new Recording { Lookup = _ => throw new InvalidOperationException("down") };
        var faulting = new Recording { Lookup = _ => new(Task.FromException<Option<Served<int>>>(new TimeoutException())) };

        foreach (var store in new[] { empty, throwing, faulting })
        {
            Assert.Equal(Down, (Error)await Op.Fail<int>(Down).WithLastKnownGood(store, "k").Run(CancellationToken.None));
        }
    }

    [Fact]
    public async Task The_caller_s_cancellation_is_never_answered_from_the_store()
    {
        var store = new Recording { Lookup = _ => new(Option<Served<int>>.Some(Served.Stale(1, TimeSpan.Zero))) };
        using var cts = new CancellationTokenSource();
        var op = Op.Of(async ct =>
        {
            await cts.CancelAsync();
            ct.ThrowIfCancellationRequested();
            return Right<Error, int>(0);
        }).WithLastKnownGood(store, "k");

        Assert.IsType<CancelledError>((Error)await op.Run(cts.Token));
    }

    [Fact]
    public async Task The_in_memory_cache_is_a_store_whose_lookup_ages_on_its_clock()
    {
        var clock = new FakeTimeProvider();
        ILastKnownGoodStore<string, int> cache = new LastKnownGoodCache<string, int>(new LastKnownGoodOptions { MaxStaleness = TimeSpan.FromMinutes(1), TimeProvider = clock });
        cache.Store("k", 9);
        clock.Advance(TimeSpan.FromSeconds(20));

        Assert.Equal(Served.Stale(9, TimeSpan.FromSeconds(20)), (Served<int>)await cache.TryGetFreshAsync("k", CancellationToken.None));
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True((await cache.TryGetFreshAsync("k", CancellationToken.None)).IsNone);
    }

    [Fact]
    public void Every_overload_names_the_null_argument_it_rejects()
    {
        var op = Op.Succeed(1);
        var none = (Func<CancellationToken, ValueTask<Either<Error, int>>>)null!;
        var store = new Recording();
        Assert.Throws<ArgumentNullException>("cache", () => op.WithLastKnownGoodTagged((LastKnownGoodCache<string, int>)null!, "k"));
        Assert.Throws<ArgumentNullException>("operation", () => none.WithLastKnownGoodTagged(store, "k"));
        Assert.Throws<ArgumentNullException>("store", () => op.WithLastKnownGoodTagged((ILastKnownGoodStore<string, int>)null!, "k"));
        Assert.Throws<ArgumentNullException>("key", () => op.WithLastKnownGoodTagged(store, null!));
    }

    [Fact]
    public async Task A_stale_value_read_asynchronously_does_not_resume_on_the_callers_synchronization_context()
    {
        var lookup = new TaskCompletionSource<Option<Served<int>>>();
        var store = new Recording { Lookup = _ => new(lookup.Task) };
        var op = Op.Fail<int>(Down).WithLastKnownGoodTagged(store, "k");
        var context = new CountingSynchronizationContext();

        var call = context.Install(() => op(CancellationToken.None));
        lookup.SetResult(Option<Served<int>>.Some(Served.Stale(5, TimeSpan.FromSeconds(1))));

        Assert.Equal(Served.Stale(5, TimeSpan.FromSeconds(1)), (Served<int>)await call);
        Assert.Equal(0, context.Posts);
    }
}
