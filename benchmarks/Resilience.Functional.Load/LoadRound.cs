using System.Diagnostics;

namespace Resilience.Functional.Load;

/// <summary>
/// One round: the workers start together on dedicated threads, call in batches until told to stop, and count their
/// calls, failures and the bytes their own thread allocated (<see cref="GC.GetAllocatedBytesForCurrentThread"/>, so
/// the figure is the pipeline's and not the runtime's background work, which the process-wide figure includes).
/// </summary>
internal static class LoadRound
{
    /// <summary>Calls between two looks at the stop flag.</summary>
    public const int Batch = 1024;

    /// <summary>Runs <paramref name="side"/> on <paramref name="workers"/> threads until <paramref name="wait"/> returns.</summary>
    /// <param name="side">The library.</param>
    /// <param name="round">The round number for the result.</param>
    /// <param name="workers">The number of threads.</param>
    /// <param name="wait">Blocks for the round's length (the program sleeps; tests return at once: each worker then makes one batch).</param>
    public static RoundResult Run(Side side, int round, int workers, Action wait)
    {
        var stop = 0;
        var operations = new long[workers];
        var failures = new long[workers];
        var bytes = new long[workers];
        using var start = new Barrier(workers + 1);
        var threads = Enumerable.Range(0, workers).Select(w => new Thread(() =>
        {
            var call = side.Call;
            start.SignalAndWait();
            var before = GC.GetAllocatedBytesForCurrentThread();
            long ops = 0, failed = 0;
            do
            {
                for (var i = 0; i < Batch; i++)
                {
                    failed += call() ? 0 : 1;
                }

                ops += Batch;
            }
            while (Volatile.Read(ref stop) == 0);

            bytes[w] = GC.GetAllocatedBytesForCurrentThread() - before;
            operations[w] = ops;
            failures[w] = failed;
        }) { IsBackground = true, Name = $"load-{w}" }).ToList();
        threads.ForEach(static t => t.Start());

        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var gcBefore = Collections();
        var processBefore = GC.GetTotalAllocatedBytes(precise: true);
        start.SignalAndWait();
        var clock = Stopwatch.StartNew();
        wait();
        Volatile.Write(ref stop, 1);
        threads.ForEach(static t => t.Join());
        var elapsed = clock.Elapsed;
        var processBytes = GC.GetTotalAllocatedBytes(precise: true) - processBefore;
        var gcAfter = Collections();
        process.Refresh();
        return new RoundResult(
            side.Name,
            round,
            operations.Sum(),
            failures.Sum(),
            elapsed,
            bytes.Sum(),
            processBytes,
            gcAfter.Zip(gcBefore, static (a, b) => a - b).ToList(),
            process.TotalProcessorTime - cpuBefore,
            process.PeakWorkingSet64);
    }

    /// <summary>Bytes one call of <paramref name="side"/> allocates on one thread, over <paramref name="calls"/> calls after as many to warm up.</summary>
    public static double BytesPerCall(Side side, int calls)
    {
        for (var i = 0; i < calls; i++)
        {
            side.Call();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < calls; i++)
        {
            side.Call();
        }

        return (double)(GC.GetAllocatedBytesForCurrentThread() - before) / calls;
    }

    private static int[] Collections() => [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
}
