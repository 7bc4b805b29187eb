using BenchmarkDotNet.Attributes;
using LanguageExt;
using LanguageExt.Common;
using Polly;

namespace Resilience.Functional.Benchmarks.Contention;

/// <summary>
/// The shape of every <c>*ContentionBenchmarks</c> class: <see cref="Workers"/> dedicated threads share one stateful
/// object and together make <see cref="Operations"/> calls per invocation (each <see cref="Operations"/> /
/// <see cref="Workers"/>). The reported time is wall-clock time per operation across all workers (invocation time /
/// <see cref="Operations"/>): with perfect scaling it halves from 1 to 2 workers on 2 cores and then stays flat;
/// growth beyond that is contention (shared cache lines, locks, interlocked retries) plus the time slicing of more
/// workers than cores. Allocation is per operation over all threads. <c>Raw</c> is the bare call under the same
/// harness: its figure is the floor (the loop and the two barrier phases per invocation).
/// </summary>
[MemoryDiagnoser]
public abstract class ContentionBenchmark
{
    /// <summary>Calls per invocation, over all workers; divisible by every <see cref="Workers"/> value.</summary>
    protected const int Operations = 1 << 16;

    private WorkerPool pool = null!;
    private Action raw = null!;
    private Action functional = null!;
    private Action polly = null!;

    /// <summary>Concurrent workers sharing the one object.</summary>
    [Params(1, 2, 4, 8)]
    public int Workers { get; set; }

    /// <summary>The operation every row wraps: a synchronously completing success.</summary>
    protected Func<CancellationToken, ValueTask<Either<Error, int>>> Call { get; } = Ops.CompletedSuccess(42);

    /// <summary>Builds the shared object and the two wrapped calls, then starts the workers.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var ours = BuildFunctional();
        var theirs = BuildPolly();
        var perWorker = Operations / Workers;
        var call = Call;
        raw = () => Loop(call, perWorker);
        functional = () => Loop(ours, perWorker);
        polly = () => theirs(perWorker);
        pool = new WorkerPool(Workers);
    }

    /// <summary>Stops the workers.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        pool.Dispose();
        Dispose();
    }

    /// <summary>The bare call under the same harness.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Operations)]
    public void Raw() => pool.Run(raw);

    /// <summary>This library's shared object.</summary>
    [Benchmark(OperationsPerInvoke = Operations)]
    public void Functional() => pool.Run(functional);

    /// <summary>Polly's shared object with the same behaviour.</summary>
    [Benchmark(OperationsPerInvoke = Operations)]
    public void Polly() => pool.Run(polly);

    /// <summary>Builds our shared object and the call wrapped in it.</summary>
    protected abstract Func<CancellationToken, ValueTask<Either<Error, int>>> BuildFunctional();

    /// <summary>Builds Polly's shared object and a loop making the given number of calls through it.</summary>
    protected abstract Action<int> BuildPolly();

    /// <summary>Releases what the builders created, when it needs releasing.</summary>
    protected virtual void Dispose()
    {
    }

    /// <summary>A loop of calls through a Polly pipeline, each consumed synchronously.</summary>
    protected Action<int> PollyLoop(ResiliencePipeline<Either<Error, int>> pipeline)
    {
        var call = Call;
        return count =>
        {
            for (var i = 0; i < count; i++)
            {
                pipeline.ExecuteAsync(static (op, ct) => op(ct), call, CancellationToken.None).GetAwaiter().GetResult();
            }
        };
    }

    /// <summary>A loop of calls through a non-generic Polly pipeline, each consumed synchronously.</summary>
    protected Action<int> PollyLoop(ResiliencePipeline pipeline)
    {
        var call = Call;
        return count =>
        {
            for (var i = 0; i < count; i++)
            {
                pipeline.ExecuteAsync(static (op, ct) => op(ct), call, CancellationToken.None).GetAwaiter().GetResult();
            }
        };
    }

    private static void Loop(Func<CancellationToken, ValueTask<Either<Error, int>>> call, int count)
    {
        for (var i = 0; i < count; i++)
        {
            call(CancellationToken.None).GetAwaiter().GetResult();
        }
    }
}
