namespace Resilience.Functional.Benchmarks.Contention;

/// <summary>
/// Dedicated worker threads started once and released together through a barrier for each run, so a benchmark
/// invocation measures the operations and two barrier phases, never thread startup. Waiting workers block in the
/// barrier (after a short spin) instead of spinning: on a machine with fewer cores than workers, spinning waiters
/// would take the cores the running workers need.
/// </summary>
internal sealed class WorkerPool : IDisposable
{
    private readonly Barrier barrier;
    private readonly Thread[] threads;
    private Action? body;
    private volatile bool stopping;

    public WorkerPool(int workers)
    {
        barrier = new Barrier(workers + 1);
        threads = Enumerable.Range(0, workers).Select(i => new Thread(Loop) { IsBackground = true, Name = $"contention-{i}" }).ToArray();
        foreach (var thread in threads)
        {
            thread.Start();
        }
    }

    /// <summary>Runs <paramref name="work"/> once on every worker at the same time and returns when all are done.</summary>
    public void Run(Action work)
    {
        Volatile.Write(ref body, work);
        barrier.SignalAndWait();
        barrier.SignalAndWait();
    }

    public void Dispose()
    {
        stopping = true;
        barrier.SignalAndWait();
        foreach (var thread in threads)
        {
            thread.Join();
        }

        barrier.Dispose();
    }

    private void Loop()
    {
        while (true)
        {
            barrier.SignalAndWait();
            if (stopping)
            {
                return;
            }

            Volatile.Read(ref body)!();
            barrier.SignalAndWait();
        }
    }
}
