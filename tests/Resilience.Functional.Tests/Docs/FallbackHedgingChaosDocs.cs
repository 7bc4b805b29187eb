// The code of docs/fallback.md, docs/hedging.md and docs/chaos.md, compiled and run; the pages show the regions
// between the snippet markers.
using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Tests.Docs;

public class FallbackHedgingChaosDocs
{
    private static int calls;

    // Stands in for a remote call: succeeds once, then the service goes down.
    private static Func<CancellationToken, ValueTask<Either<Error, decimal>>> FetchRate(string pair) =>
        Op.Of<decimal>(_ => Interlocked.Increment(ref calls) == 1
            ? Outcome.Success(1.08m)
            : Outcome.Failure<decimal>(new HttpStatusError(503)));

    [Fact]
    public async Task Fallback_primary_then_stale_cache_then_default()
    {
        var clock = new FakeTimeProvider();

        // snippet: fallback-last-known-good
        var lastGood = new LastKnownGoodCache<string, decimal>(new LastKnownGoodOptions
        {
            MaxStaleness = TimeSpan.FromMinutes(10),
            MaxEntries = 10_000,
            TimeProvider = clock,
        });

        var rate = FetchRate("EUR/USD")
            .WithLastKnownGoodTagged(lastGood, "EUR/USD")    // primary → stale cache …
            .WithFallback(Served.Fallback(1.0m));             // … → default

        var fresh = await rate.Run(CancellationToken.None);   // Primary 1.08
        clock.Advance(TimeSpan.FromMinutes(5));
        var stale = await rate.Run(CancellationToken.None);   // Stale 1.08, 5 minutes old
        clock.Advance(TimeSpan.FromMinutes(6));
        var fallback = await rate.Run(CancellationToken.None); // Fallback 1.0
        // end snippet

        Assert.Equal(Served.Primary(1.08m), (Served<decimal>)fresh);
        Assert.Equal(Served.Stale(1.08m, TimeSpan.FromMinutes(5)), (Served<decimal>)stale);
        Assert.Equal(Served.Fallback(1.0m), (Served<decimal>)fallback);
    }

    [Fact]
    public async Task Hedging_a_slow_call()
    {
        var clock = new FakeTimeProvider();
        var replicas = new Queue<TaskCompletionSource<Either<Error, string>>>();
        var first = new TaskCompletionSource<Either<Error, string>>(TaskCreationOptions.RunContinuationsAsynchronously);
        replicas.Enqueue(first);
        Func<CancellationToken, ValueTask<Either<Error, string>>> search = _ =>
            replicas.Count > 0 ? new(replicas.Dequeue().Task) : Outcome.Success("from replica 2");

        // snippet: hedging
        var hedged = search.WithHedging(new HedgingOptions
        {
            MaxHedgedAttempts = 2,                 // up to three attempts in all
            Delay = TimeSpan.FromMilliseconds(50), // no answer after 50 ms: start another
            TimeProvider = clock,
        });

        var pending = hedged.Run(CancellationToken.None);
        clock.Advance(TimeSpan.FromMilliseconds(50));     // the first attempt is slow …
        var answer = await pending;                       // … the hedge answers; the first is cancelled
        // end snippet

        Assert.Equal("from replica 2", (string)answer);
    }

    [Fact]
    public void Chaos_injects_faults_at_a_rate()
    {
        // snippet: chaos
        var chaos = new ChaosController(new ChaosOptions { Random = new Random(12345) });
        var flaky = Op.Succeed("ok")
            .WithChaos(chaos, new ChaosFault(0.25, new HttpStatusError(503)));

        var failures = Enumerable.Range(0, 1_000).Count(_ => flaky.Run(default).Result.IsLeft); // about 250
        chaos.Enabled = false;                                                                  // off at run time
        var afterSwitchOff = Enumerable.Range(0, 1_000).Count(_ => flaky.Run(default).Result.IsLeft); // 0
        // end snippet

        Assert.InRange(failures, 200, 300);
        Assert.Equal(0, afterSwitchOff);
    }
}
