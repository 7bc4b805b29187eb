using System.Collections.Concurrent;
using System.Diagnostics;
using Xunit.Abstractions;

namespace Resilience.Functional.Stress.Tests;

public class IdempotencyStressTests(ITestOutputHelper output)
{
    private const int Racers = 64;
    private const int KeysPerRound = 4;
    private const int Rounds = 25;
    private static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(10);

    // A small store under constant churn from a second guard whose records expire within 50 ms, so that it evicts
    // all the time. Eviction takes expired records, then the completed record closest to expiry, and never one in
    // flight: a key of the current round (an hour to live) is never the one evicted, so for it "one effect" is exact.
    // Faults are ambiguous outcomes and the key is released (ReleaseKey), so the racers try again; some racers are
    // cancelled before or during the effect.
    [Fact]
    public void One_effect_per_key_under_64_way_races_with_faults_cancellations_and_eviction()
    {
        var store = new InMemoryIdempotencyStore(16);
        var guard = new IdempotencyGuard(store, new IdempotencyOptions
        {
            OnAmbiguousFailure = AmbiguousFailureMode.ReleaseKey,
            TimeToLive = TimeSpan.FromHours(1),
            LeaseDuration = TimeSpan.FromSeconds(30),
        });
        var churn = new IdempotencyGuard(store, new IdempotencyOptions { TimeToLive = TimeSpan.FromMilliseconds(50) });
        long invocations = 0, replays = 0, conflicts = 0, faults = 0, cancelled = 0, unavailable = 0, churned = 0, overlaps = 0, afterSuccess = 0;
        var stop = 0;
        var clock = Stopwatch.StartNew();
        var churner = Task.Run(() =>
        {
            for (var n = 0; n < 10_000_000 && Volatile.Read(ref stop) == 0 && clock.Elapsed < TimeLimit; n++)
            {
                _ = Op.Succeed(n).WithIdempotency(churn, $"churn-{n}")(CancellationToken.None).AsTask().GetAwaiter().GetResult();
                Interlocked.Increment(ref churned);
            }
        });

        var rounds = 0;
        for (; rounds < Rounds && clock.Elapsed < TimeLimit; rounds++)
        {
            var keys = Enumerable.Range(0, KeysPerRound).Select(k => $"round-{rounds}-key-{k}").ToArray();
            var inFlight = new int[KeysPerRound];
            var succeeded = new int[KeysPerRound];
            var effectValue = new int[KeysPerRound];
            var seen = new ConcurrentBag<(int Key, int Value)>();
            var next = 0;
            Bounded.OnThreads(Racers, racer =>
            {
                var random = new Random((rounds * Racers) + racer);
                foreach (var k in Enumerable.Range(0, KeysPerRound).OrderBy(_ => random.Next()))
                {
                    for (var attempt = 0; attempt < 4; attempt++)
                    {
                        using var source = new CancellationTokenSource();
                        var behaviour = random.Next(8);
                        if (behaviour == 0)
                        {
                            source.Cancel();
                        }
                        else if (behaviour == 3)
                        {
                            source.CancelAfter(random.Next(0, 2));
                        }

                        var result = Effect(k, behaviour)
                            .WithIdempotency(guard, keys[k])(source.Token).AsTask().GetAwaiter().GetResult();
                        if (result.IsRight)
                        {
                            var value = (Idempotent<int>)result;
                            seen.Add((k, value.Value));
                            if (value.IsReplay)
                            {
                                Interlocked.Increment(ref replays);
                            }

                            break;
                        }

                        _ = (Error)result switch
                        {
                            IdempotencyConflictError => Interlocked.Increment(ref conflicts),
                            IdempotencyStoreUnavailableError => Interlocked.Increment(ref unavailable),
                            CancelledError => Interlocked.Increment(ref cancelled),
                            _ => Interlocked.Increment(ref faults),
                        };
                        Thread.Yield();
                    }
                }
            });

            for (var k = 0; k < KeysPerRound; k++)
            {
                Assert.True(succeeded[k] <= 1, $"{keys[k]}: {succeeded[k]} effects");
                Assert.All(seen.Where(s => s.Key == k), s => Assert.Equal(effectValue[k], s.Value));
                Assert.True(succeeded[k] == 1 || seen.All(s => s.Key != k));
            }

            Func<CancellationToken, ValueTask<Either<Error, int>>> Effect(int k, int behaviour) => async ct =>
            {
                var id = Interlocked.Increment(ref next);
                Interlocked.Increment(ref invocations);
                if (Interlocked.Increment(ref inFlight[k]) > 1)
                {
                    Interlocked.Increment(ref overlaps);
                }

                if (Volatile.Read(ref succeeded[k]) > 0)
                {
                    Interlocked.Increment(ref afterSuccess);
                }

                try
                {
                    switch (behaviour)
                    {
                        case 1:
                            return Error.New(new IOException("fault"));
                        case 2:
                            await Task.Yield();
                            throw new IOException("thrown fault");
                        case 3:
                            // Work that is in flight on a real timer, so the caller's cancellation can land mid-call; the suite runs on
                            // the real clock by design, and nothing here waits for a result (results are polled with a bound).
                            await Task.Delay(1, ct);
                            break;
                        default:
                            await Task.Yield();
                            break;
                    }

                    if (ct.IsCancellationRequested)
                    {
                        return Error.New(new OperationCanceledException(ct));
                    }

                    effectValue[k] = id;
                    Interlocked.Increment(ref succeeded[k]);
                    return id;
                }
                finally
                {
                    Interlocked.Decrement(ref inFlight[k]);
                }
            };
        }

        Volatile.Write(ref stop, 1);
        Assert.True(churner.Wait(TimeSpan.FromSeconds(10)));
        var firstRoundEvicted = Enumerable.Range(0, KeysPerRound).Count(k =>
        {
            var begin = store.BeginAsync($"round-0-key-{k}", null, TimeSpan.FromSeconds(1), CancellationToken.None).AsTask().GetAwaiter().GetResult();
            return begin.Kind == Stores.IdempotencyBeginKind.Started;
        });
        output.WriteLine($"{clock.Elapsed.TotalMilliseconds:F0} ms, {rounds} rounds of {Racers} racers on {KeysPerRound} keys: {invocations} invocations, {replays} replays, {conflicts} conflicts, {faults} faults, {cancelled} cancelled, {unavailable} store unavailable; {churned} churn records; store {store.Count}/{store.MaxEntries}; first-round keys evicted {firstRoundEvicted}/{KeysPerRound}; overlapping effects {overlaps}, effects after a recorded success {afterSuccess}");

        Assert.Equal(0, overlaps);
        Assert.Equal(0, afterSuccess);
        Assert.True(store.Count <= store.MaxEntries);
        Assert.True(replays > 0 && faults > 0 && cancelled > 0);
        Assert.True(firstRoundEvicted > 0, "the store must have evicted under the churn");
    }
}
