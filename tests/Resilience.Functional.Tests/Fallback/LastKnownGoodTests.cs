using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Tests;

public class LastKnownGoodTests
{
    private static readonly Error Down = new HttpStatusError(503);

    private readonly FakeTimeProvider clock = new();

    private LastKnownGoodCache<string, int> Cache(TimeSpan maxStaleness, int maxEntries = 16) =>
        new(new LastKnownGoodOptions { MaxStaleness = maxStaleness, MaxEntries = maxEntries, TimeProvider = clock });

    /// <summary>An operation that succeeds with the value set last, or fails while it is null.</summary>
    private sealed class Switchable
    {
        public int? Value { get; set; }

        public Func<CancellationToken, ValueTask<Either<Error, int>>> Op =>
            _ => Value is { } v ? Outcome.Success(v) : Outcome.Failure<int>(Down);
    }

    [Fact]
    public async Task A_failure_is_answered_with_the_last_success_while_it_is_fresh_enough()
    {
        var cache = Cache(TimeSpan.FromMinutes(1));
        var source = new Switchable { Value = 1 };
        var op = source.Op.WithLastKnownGoodTagged(cache, "price");

        Assert.Equal(Served.Primary(1), (Served<int>)await op.Run(default));
        source.Value = null;
        clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(Served.Stale(1, TimeSpan.FromSeconds(60)), (Served<int>)await op.Run(default));
        clock.Advance(TimeSpan.FromTicks(1));
        Assert.Same(Down, (Error)await op.Run(default));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public async Task Each_success_replaces_the_stored_value_and_restarts_its_age()
    {
        var cache = Cache(TimeSpan.FromSeconds(10));
        var source = new Switchable { Value = 1 };
        var op = source.Op.WithLastKnownGood(cache, "k");
        await op.Run(default);
        clock.Advance(TimeSpan.FromSeconds(8));
        source.Value = 2;
        await op.Run(default);
        clock.Advance(TimeSpan.FromSeconds(8));
        source.Value = null;

        Assert.Equal(2, (int)await op.Run(default));
    }

    [Fact]
    public async Task Keys_are_independent_and_the_size_bound_evicts_the_oldest_write()
    {
        var cache = Cache(TimeSpan.FromHours(1), maxEntries: 2);
        foreach (var key in new[] { "a", "b", "a", "c" })
        {
            await Op.Succeed(key[0] - 'a').WithLastKnownGood(cache, key).Run(default);
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        var failing = Op.Fail<int>(Down);
        Assert.Equal(2, cache.Count);
        Assert.Equal(0, (int)await failing.WithLastKnownGood(cache, "a").Run(default));
        Assert.Equal(2, (int)await failing.WithLastKnownGood(cache, "c").Run(default));
        Assert.Same(Down, (Error)await failing.WithLastKnownGood(cache, "b").Run(default));
        Assert.True(cache.Remove("a"));
        Assert.False(cache.Remove("a"));
    }

    [Fact]
    public async Task The_callers_cancellation_is_not_answered_from_the_cache()
    {
        var cache = Cache(TimeSpan.FromHours(1));
        cache.Store("k", 5);
        Assert.IsType<CancelledError>((Error)await Op.Fail<int>(CancelledError.Instance).WithLastKnownGood(cache, "k").Run(default));
    }

    [Fact]
    public async Task Primary_then_stale_cache_then_default()
    {
        var cache = Cache(TimeSpan.FromMinutes(5));
        var source = new Switchable { Value = 10 };
        var resilient = source.Op
            .WithLastKnownGoodTagged(cache, "eur-usd")
            .WithFallback(Served.Fallback(1));

        Assert.Equal(ServedSource.Primary, ((Served<int>)await resilient.Run(default)).Source);
        source.Value = null;
        Assert.Equal(ServedSource.Stale, ((Served<int>)await resilient.Run(default)).Source);
        clock.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(Served.Fallback(1), (Served<int>)await resilient.Run(default));
    }

    [Fact]
    public async Task The_cache_stays_consistent_under_concurrent_use()
    {
        var cache = Cache(TimeSpan.FromHours(1), maxEntries: 8);
        using var safety = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var workers = Enumerable.Range(0, 8).Select(w => Task.Run(() =>
        {
            for (var i = 0; i < 5_000 && !safety.IsCancellationRequested; i++)
            {
                var key = $"k{(i * 7 + w) % 20}";
                cache.Store(key, i);
                if (cache.TryGetFresh(key, out var value, out _))
                {
                    Assert.InRange(value, 0, 5_000);
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);

        Assert.False(safety.IsCancellationRequested);
        Assert.InRange(cache.Count, 1, 8);
    }

    [Fact]
    public void Bad_options_fail_when_set()
    {
        Assert.Equal("MaxStaleness", Assert.Throws<ArgumentOutOfRangeException>(() => new LastKnownGoodOptions { MaxStaleness = TimeSpan.Zero }).ParamName);
        Assert.Equal("MaxEntries", Assert.Throws<ArgumentOutOfRangeException>(() => new LastKnownGoodOptions { MaxEntries = 0 }).ParamName);
        Assert.Throws<ArgumentNullException>("TimeProvider", () => new LastKnownGoodOptions { TimeProvider = null! });
        Assert.Contains("positive", Assert.Throws<ArgumentOutOfRangeException>(() => new LastKnownGoodOptions { MaxStaleness = TimeSpan.FromSeconds(-1) }).Message);
        Assert.Throws<ArgumentNullException>("options", () => new LastKnownGoodCache<string, int>(null!));
    }

    [Fact]
    public void A_bad_size_bound_says_what_is_allowed()
    {
        var thrown = Assert.Throws<ArgumentOutOfRangeException>(() => new LastKnownGoodOptions { MaxEntries = 0 });
        Assert.StartsWith("MaxEntries must be at least 1.", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_dropped_as_too_old_no_longer_takes_a_place_in_the_size_bound()
    {
        var cache = Cache(TimeSpan.FromMinutes(1), maxEntries: 2);
        cache.Store("a", 1);
        clock.Advance(TimeSpan.FromMinutes(2));
        cache.Store("b", 2);
        Assert.False(cache.TryGetFresh("a", out _, out _));

        cache.Store("c", 3);
        cache.Store("d", 4);

        Assert.Equal(2, cache.Count);
        Assert.False(cache.TryGetFresh("b", out _, out _));
        Assert.True(cache.TryGetFresh("c", out var c, out _));
        Assert.Equal(3, c);
    }

    [Fact]
    public void A_removed_key_no_longer_takes_a_place_in_the_size_bound()
    {
        var cache = Cache(TimeSpan.FromMinutes(1), maxEntries: 2);
        cache.Store("a", 1);
        cache.Store("b", 2);
        Assert.True(cache.Remove("a"));

        cache.Store("c", 3);
        cache.Store("d", 4);

        Assert.Equal(2, cache.Count);
        Assert.False(cache.TryGetFresh("b", out _, out _));
        Assert.True(cache.TryGetFresh("d", out var d, out _));
        Assert.Equal(4, d);
    }
}
