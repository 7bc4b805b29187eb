using System.Diagnostics;

namespace Resilience.Functional.Stress.Tests;

/// <summary>Limits for the stress loops: every loop stops at a count or a time limit, whichever comes first.</summary>
internal static class Bounded
{
    /// <summary>Spins (yielding) until <paramref name="condition"/> holds or <paramref name="limit"/> passes; true if it held.</summary>
    public static bool Until(Func<bool> condition, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        var spin = new SpinWait();
        while (!condition())
        {
            if (clock.Elapsed > limit)
            {
                return condition();
            }

            spin.SpinOnce(sleep1Threshold: -1);
            if (spin.Count > 100)
            {
                Thread.Yield();
            }
        }

        return true;
    }

    /// <summary>Runs <paramref name="threads"/> dedicated threads over <paramref name="body"/> (given its index) and waits for all.</summary>
    public static void OnThreads(int threads, Action<int> body)
    {
        var failures = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        var start = new Barrier(threads);
        var workers = Enumerable.Range(0, threads).Select(i => new Thread(() =>
        {
            try
            {
                start.SignalAndWait();
                body(i);
            }
            catch (Exception ex)
            {
                failures.Enqueue(ex);
            }
        }) { IsBackground = true }).ToArray();
        foreach (var worker in workers)
        {
            worker.Start();
        }

        foreach (var worker in workers)
        {
            Assert.True(worker.Join(TimeSpan.FromSeconds(60)), "a stress thread did not finish within 60 s");
        }

        if (!failures.IsEmpty)
        {
            throw new AggregateException(failures);
        }
    }

    /// <summary>Raises <paramref name="peak"/> to <paramref name="value"/> if it is higher.</summary>
    public static void RaisePeak(ref int peak, int value)
    {
        var seen = Volatile.Read(ref peak);
        while (value > seen)
        {
            var prior = Interlocked.CompareExchange(ref peak, value, seen);
            if (prior == seen)
            {
                return;
            }

            seen = prior;
        }
    }
}
