using Resilience.Functional.CircuitBreaking;

namespace Resilience.Functional.Tests;

/// <summary>
/// The sliding windows count from many threads at once without a lock (docs/circuit-breaker.md#under-concurrency):
/// every outcome is counted once, and the count window's totals match the outcomes its ring holds.
/// </summary>
public class OutcomeWindowConcurrencyTests
{
    private const int Threads = 4;
    private const int PerThread = 20_000;
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact(Timeout = 30_000)]
    public async Task A_time_window_counts_every_outcome_added_from_many_threads_into_one_bucket()
    {
        var window = new TimeOutcomeWindow(TimeSpan.FromSeconds(3).Ticks, 10);

        await OnThreads(i => window.Add(failure: i % 10 == 0, slow: i % 4 == 0, Now));

        Assert.Equal(new BreakerWindowCounts(Threads * PerThread, Threads * PerThread / 10, Threads * PerThread / 4), window.Counts(Now));
        Assert.False(window.Clean);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_time_window_moved_on_by_many_threads_at_once_keeps_each_buckets_outcomes_and_ages_them_out()
    {
        var window = new TimeOutcomeWindow(TimeSpan.FromSeconds(1).Ticks, 4);

        // Eight seconds, the threads racing into each new bucket together; the last four stay in the window.
        for (var second = 0; second < 8; second++)
        {
            var at = Now.AddSeconds(second);
            await OnThreads(_ => window.Add(failure: true, slow: false, at), PerThread / 8);
        }

        var last = Now.AddSeconds(7);
        Assert.Equal(new BreakerWindowCounts(Threads * PerThread / 2, Threads * PerThread / 2, 0), window.Counts(last));
        Assert.False(window.Clean);
        Assert.Equal(default, window.Counts(last.AddSeconds(4)));
    }

    [Fact(Timeout = 30_000)]
    public async Task A_count_window_filled_from_many_threads_holds_its_size_and_totals_that_match_its_ring()
    {
        var window = new CountOutcomeWindow(100);

        await OnThreads(_ => window.Add(failure: true, slow: true, Now));
        Assert.Equal(new BreakerWindowCounts(100, 100, 100), window.Counts(Now));

        await OnThreads(i => window.Add(failure: false, slow: false, Now));
        Assert.Equal(new BreakerWindowCounts(100, 0, 0), window.Counts(Now));
        Assert.True(window.Clean);
    }

    [Fact]
    public void A_count_window_counts_its_calls_until_it_is_full()
    {
        var window = new CountOutcomeWindow(3);
        window.Add(failure: true, slow: false, Now);
        window.Add(failure: false, slow: false, Now);
        Assert.Equal(new BreakerWindowCounts(2, 1, 0), window.Counts(Now));

        window.Add(failure: false, slow: false, Now);
        window.Add(failure: false, slow: true, Now);

        Assert.Equal(new BreakerWindowCounts(3, 0, 1), window.Counts(Now));
    }

    private static async Task OnThreads(Action<int> add, int count = PerThread)
    {
        using var start = new Barrier(Threads);
        await Task.WhenAll(Enumerable.Range(0, Threads).Select(_ => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                for (var i = 0; i < count; i++)
                {
                    add(i);
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)));
    }
}
