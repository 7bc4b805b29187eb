using LanguageExt;
using LanguageExt.Common;
using Polly;

namespace Resilience.Functional.Benchmarks.Contention;

/// <summary>
/// One open breaker (tripped by 100 failures before the run, break of one hour) shared by all workers: every call is
/// rejected. Ours returns a circuit-open error as a value; Polly's rejection is taken the way that does not throw,
/// <c>ExecuteOutcomeAsync</c> with a pooled context, which returns the broken-circuit exception in the outcome.
/// </summary>
public class OpenCircuitContentionBenchmarks : ContentionBenchmark
{
    private static readonly ValueTask<Either<Error, int>> Failure = new(Either<Error, int>.Left(new TimeoutError(TimeSpan.FromSeconds(1))));

    protected override Func<CancellationToken, ValueTask<Either<Error, int>>> BuildFunctional()
    {
        var breaker = BreakerSettings.Functional();
        var failing = new Func<CancellationToken, ValueTask<Either<Error, int>>>(_ => Failure).WithCircuitBreaker(breaker);
        for (var i = 0; i < 100; i++)
        {
            failing(CancellationToken.None).GetAwaiter().GetResult();
        }

        return breaker.State == CircuitState.Open
            ? Call.WithCircuitBreaker(breaker)
            : throw new InvalidOperationException($"The breaker did not open: {breaker.State}.");
    }

    protected override Action<int> BuildPolly()
    {
        var pipeline = BreakerSettings.Polly();
        for (var i = 0; i < 100; i++)
        {
            pipeline.ExecuteAsync(static _ => Failure).GetAwaiter().GetResult();
        }

        var probe = Execute(pipeline, Call);
        return probe.Exception is global::Polly.CircuitBreaker.BrokenCircuitException
            ? count =>
            {
                for (var i = 0; i < count; i++)
                {
                    Execute(pipeline, Call);
                }
            }
            : throw new InvalidOperationException("Polly's breaker did not open.");
    }

    private static Outcome<Either<Error, int>> Execute(ResiliencePipeline<Either<Error, int>> pipeline, Func<CancellationToken, ValueTask<Either<Error, int>>> call)
    {
        var context = ResilienceContextPool.Shared.Get();
        try
        {
            return pipeline.ExecuteOutcomeAsync(static async (ctx, op) => global::Polly.Outcome.FromResult(await op(ctx.CancellationToken)), context, call).GetAwaiter().GetResult();
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }
}
