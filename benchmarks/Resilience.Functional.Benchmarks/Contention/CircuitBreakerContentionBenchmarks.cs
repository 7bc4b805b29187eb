using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional.Benchmarks.Contention;

/// <summary>
/// One closed failure-ratio breaker with Polly's default settings shared by all workers, against Polly's breaker
/// with its defaults. Per operation: the admission check, the call, the success recorded in the window.
/// </summary>
public class CircuitBreakerContentionBenchmarks : ContentionBenchmark
{
    protected override Func<CancellationToken, ValueTask<Either<Error, int>>> BuildFunctional() =>
        Call.WithCircuitBreaker(BreakerSettings.Functional());

    protected override Action<int> BuildPolly() => PollyLoop(BreakerSettings.Polly());
}
