using Microsoft.Extensions.Time.Testing;
using Resilience.Functional.CircuitBreaking;

namespace Resilience.Functional.Tests;

/// <summary>Real threads against one breaker; bounded in count and, as a safety net, in time.</summary>
public class CircuitBreakerStressTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task Half_open_admits_exactly_n_probes_among_many_concurrent_callers(int probes)
    {
        using var safety = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        for (var round = 0; round < 20; round++)
        {
            var time = new FakeTimeProvider();
            var breaker = new CircuitBreaker(new CircuitBreakerOptions { ConsecutiveFailures = 1, HalfOpenProbes = probes, TimeProvider = time });
            breaker.Apply(BreakerInput.Outcome(BreakerInputKind.Failed, breaker.Apply(BreakerInput.Requested).Ticket));
            time.Advance(breaker.TimeUntilHalfOpen);

            var gate = new TaskCompletionSource<Either<Error, int>>(TaskCreationOptions.RunContinuationsAsynchronously);
            var running = 0;
            var op = Op.Of<int>(_ =>
            {
                Interlocked.Increment(ref running);
                return new ValueTask<Either<Error, int>>(gate.Task);
            }).WithCircuitBreaker(breaker);

            using var start = new Barrier(4);
            var callers = Enumerable.Range(0, 4).Select(_ => Task.Factory.StartNew(
                () =>
                {
                    start.SignalAndWait(safety.Token);
                    var calls = new List<ValueTask<Either<Error, int>>>();
                    for (var i = 0; i < 200; i++)
                    {
                        calls.Add(op(CancellationToken.None));
                    }

                    return calls;
                },
                safety.Token,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default)).ToArray();
            var all = (await Task.WhenAll(callers)).SelectMany(c => c).ToList();

            Assert.Equal(probes, Volatile.Read(ref running));
            Assert.Equal(800 - probes, all.Count(c => c.IsCompleted && c.Result.IsLeft));
            gate.SetResult(Right<Error, int>(1));
            foreach (var call in all)
            {
                await call;
            }

            Assert.Equal(CircuitState.Closed, breaker.State);
        }
    }

    [Fact]
    public async Task No_outcome_is_lost_or_counted_twice_while_closed()
    {
        using var safety = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var breaker = new CircuitBreaker(new CircuitBreakerOptions
        {
            ConsecutiveFailures = null,
            FailureRatio = 1,
            MinimumThroughput = int.MaxValue,
            Window = SlidingWindow.ByTime(TimeSpan.FromDays(1), 4),
            TimeProvider = new FakeTimeProvider(),
        });
        var ok = Op.Succeed(1).WithCircuitBreaker(breaker);
        var failing = Op.Fail<int>(new TimeoutError(TimeSpan.Zero)).WithCircuitBreaker(breaker);
        var ignored = Op.Fail<int>(new HttpStatusError(400)).WithCircuitBreaker(breaker);
        using var start = new Barrier(4);
        var workers = Enumerable.Range(0, 4).Select(worker => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait(safety.Token);
                for (var i = 0; i < 3000 && !safety.IsCancellationRequested; i++)
                {
                    _ = (i % 3 == 0 ? failing : i % 3 == 1 ? ok : ignored)(CancellationToken.None).Result;
                }
            },
            safety.Token,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default));
        await Task.WhenAll(workers.ToArray());

        Assert.False(safety.IsCancellationRequested);
        Assert.Equal(new BreakerWindowCounts(8000, 4000, 0), breaker.WindowCounts);
    }
}
