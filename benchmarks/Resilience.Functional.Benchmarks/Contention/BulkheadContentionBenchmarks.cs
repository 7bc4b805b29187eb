using LanguageExt;
using LanguageExt.Common;
using Polly;

namespace Resilience.Functional.Benchmarks.Contention;

/// <summary>
/// One bulkhead of 10 slots and no queue shared by all workers (never full: at most 8 workers), against Polly's
/// concurrency limiter with the same limits (Polly.RateLimiting). Per operation: acquire, call, release.
/// </summary>
public class BulkheadContentionBenchmarks : ContentionBenchmark
{
    protected override Func<CancellationToken, ValueTask<Either<Error, int>>> BuildFunctional() =>
        Call.WithBulkhead(new Bulkhead(new BulkheadOptions { MaxConcurrency = 10, MaxQueueLength = 0 }));

    protected override Action<int> BuildPolly() =>
        PollyLoop(new ResiliencePipelineBuilder().AddConcurrencyLimiter(permitLimit: 10, queueLimit: 0).Build());
}
