namespace Resilience.Functional.Tests;

public class RetryRandomConcurrencyTests
{
    /// <summary>A <see cref="Random"/> that counts the draws that overlapped another draw (it is not thread-safe).</summary>
    private sealed class OverlapDetectingRandom() : Random(7)
    {
        private int inside;
        private int overlaps;
        private int draws;

        public int Overlaps => Volatile.Read(ref overlaps);

        public int Draws => Volatile.Read(ref draws);

        public override double NextDouble()
        {
            Interlocked.Increment(ref draws);
            if (Interlocked.Increment(ref inside) > 1)
            {
                Interlocked.Increment(ref overlaps);
            }

            // Widens the window in which a second, unserialised draw would be seen.
            Thread.SpinWait(20_000);
            Interlocked.Decrement(ref inside);
            return 0.5;
        }

        protected override double Sample() => NextDouble();
    }

    [Fact]
    public void A_callers_random_is_never_drawn_from_concurrently_by_parallel_retries()
    {
        var random = new OverlapDetectingRandom();
        var calls = 0;
        Func<CancellationToken, ValueTask<Either<Error, int>>> failsEveryOtherCall = _ =>
            Interlocked.Increment(ref calls) % 2 == 1 ? Outcome.Failure<int>(new TimeoutError(TimeSpan.FromSeconds(1))) : Outcome.Success(1);
        var retried = failsEveryOtherCall.WithRetry(new RetryOptions { Backoff = Backoff.Immediate.FullJitter().MaxRetries(1), Random = random });

        RunOnThreads(4, 250, () => retried(CancellationToken.None).AsTask().Wait());

        Assert.True(random.Draws >= 400, $"only {random.Draws} draws");
        Assert.Equal(0, random.Overlaps);
    }

    [Fact]
    public void Two_combinators_given_one_random_are_serialised_against_each_other()
    {
        var random = new OverlapDetectingRandom();
        var first = SerializedRandom.For(random);
        var second = SerializedRandom.For(random);

        RunOnThreads(4, 250, () => (Environment.CurrentManagedThreadId % 2 == 0 ? first : second).NextDouble());

        Assert.NotSame(first, second);
        Assert.Equal(0, random.Overlaps);
    }

    /// <summary>Runs <paramref name="action"/> <paramref name="times"/> times on each of <paramref name="threads"/> threads started together.</summary>
    private static void RunOnThreads(int threads, int times, Action action)
    {
        using var start = new Barrier(threads);
        var workers = Enumerable.Range(0, threads).Select(_ => new Thread(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < times; i++)
            {
                action();
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => Assert.True(w.Join(TimeSpan.FromSeconds(30)), "worker did not finish (safety net)"));
    }

    [Fact]
    public void The_shared_random_is_used_as_it_is() =>
        Assert.Same(Random.Shared, SerializedRandom.For(Random.Shared));
}
