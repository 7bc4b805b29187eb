using System.Diagnostics;
using Xunit.Abstractions;

namespace Resilience.Functional.Stress.Tests;

public class SingleFlightStressTests(ITestOutputHelper output)
{
    private const int Callers = 64;
    private static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(10);

    // Each round: 64 threads call at once with one fresh key; the execution is held until every call has returned its
    // pending task (joined), then a seeded quarter of the callers cancels, then it is released: the leavers get
    // CancelledError, the others the value, and the execution's token is never cancelled while anyone is left.
    [Fact]
    public void Sixty_four_concurrent_callers_share_one_execution()
    {
        var flights = new SingleFlight<string, int>();
        var clock = Stopwatch.StartNew();
        var rounds = 0;
        for (; rounds < 50 && clock.Elapsed < TimeLimit; rounds++)
        {
            var runs = 0;
            using var phase = new Barrier(Callers);
            var tokenCancelled = false;
            var gate = new TaskCompletionSource<Either<Error, int>>(TaskCreationOptions.RunContinuationsAsynchronously);
            var operation = Op.Of(ct =>
            {
                Interlocked.Increment(ref runs);
                ct.Register(() => Volatile.Write(ref tokenCancelled, true));
                return new ValueTask<Either<Error, int>>(gate.Task);
            });
            var leavers = new Random(rounds).GetItems(Enumerable.Range(0, Callers).ToArray(), Callers / 4).ToHashSet();
            var outcomes = new Either<Error, int>[Callers];
            var key = $"round-{rounds}";
            Bounded.OnThreads(Callers, i =>
            {
                using var source = new CancellationTokenSource();
                var pending = operation.WithSingleFlight(flights, key)(source.Token);
                phase.SignalAndWait();
                if (leavers.Contains(i))
                {
                    source.Cancel();
                }

                phase.SignalAndWait();
                if (i == 0)
                {
                    gate.SetResult(Right<Error, int>(rounds));
                }

                outcomes[i] = pending.AsTask().GetAwaiter().GetResult();
            });

            Assert.Equal(1, runs);
            Assert.False(Volatile.Read(ref tokenCancelled));
            for (var i = 0; i < Callers; i++)
            {
                Assert.Equal(leavers.Contains(i) ? Left<Error, int>(CancelledError.Instance) : Right<Error, int>(rounds), outcomes[i]);
            }

            Assert.True(Bounded.Until(() => flights.InFlight == 0, TimeSpan.FromSeconds(5)));
        }

        output.WriteLine($"{rounds} rounds of {Callers} callers in {clock.ElapsedMilliseconds} ms");
        Assert.True(rounds > 0);
    }

    // 64 threads on 4 keys, each call an execution that yields: an execution never overlaps another with its key, the
    // calls are coalesced (fewer executions than calls), and no entry is left behind.
    [Fact]
    public void Racing_callers_on_a_few_keys_never_run_two_executions_of_a_key_at_once()
    {
        const int Keys = 4;
        var flights = new SingleFlight<int, int>();
        var inFlight = new int[Keys];
        long executions = 0, calls = 0, overlaps = 0, wrong = 0;
        var clock = Stopwatch.StartNew();
        Bounded.OnThreads(Callers, thread =>
        {
            var random = new Random(thread);
            for (var n = 0; n < 500 && clock.Elapsed < TimeLimit; n++)
            {
                var key = random.Next(Keys);
                var op = Op.Of<int>(async _ =>
                {
                    Interlocked.Increment(ref executions);
                    if (Interlocked.Increment(ref inFlight[key]) > 1)
                    {
                        Interlocked.Increment(ref overlaps);
                    }

                    await Task.Yield();
                    Interlocked.Decrement(ref inFlight[key]);
                    return key;
                }).WithSingleFlight(flights, key);
                Interlocked.Increment(ref calls);
                if (op(CancellationToken.None).AsTask().GetAwaiter().GetResult() != Right<Error, int>(key))
                {
                    Interlocked.Increment(ref wrong);
                }
            }
        });

        output.WriteLine($"{calls} calls, {executions} executions, in {clock.ElapsedMilliseconds} ms");
        Assert.Equal(0, overlaps);
        Assert.Equal(0, wrong);
        Assert.True(executions < calls, $"{executions} executions for {calls} calls");
        Assert.Equal(0, flights.InFlight);
    }
}
