using BenchmarkDotNet.Attributes;
using LanguageExt;
using LanguageExt.Common;
using Polly;
using Polly.Retry;

namespace Resilience.Functional.Benchmarks;

/// <summary>
/// Retry around an operation that fails twice with a transient error and then succeeds, in both libraries up to 3
/// retries without delay; <c>Raw</c> is a minimal hand-written loop.
/// </summary>
[MemoryDiagnoser]
public class RetryRecoveryBenchmarks
{
    private static readonly ValueTask<Either<Error, int>> Failure = new(Either<Error, int>.Left(new TimeoutError(TimeSpan.FromSeconds(1))));
    private static readonly ValueTask<Either<Error, int>> Success = new(Either<Error, int>.Right(42));
    private Func<CancellationToken, ValueTask<Either<Error, int>>> flaky = null!;
    private Func<CancellationToken, ValueTask<Either<Error, int>>> functional = null!;
    private ResiliencePipeline<Either<Error, int>> polly = null!;
    private int calls;

    [GlobalSetup]
    public void Setup()
    {
        // Every run makes exactly three calls, so the pattern failure, failure, success repeats.
        flaky = _ => ++calls % 3 == 0 ? Success : Failure;
        functional = flaky.WithRetry(new RetryOptions { Backoff = Backoff.Immediate.MaxRetries(3) });
        polly = new ResiliencePipelineBuilder<Either<Error, int>>()
            .AddRetry(new RetryStrategyOptions<Either<Error, int>>
            {
                ShouldHandle = static args => new ValueTask<bool>(args.Outcome.Exception is not null || args.Outcome.Result.IsLeft),
                MaxRetryAttempts = 3,
                Delay = TimeSpan.Zero,
                BackoffType = DelayBackoffType.Constant,
                UseJitter = false,
            })
            .Build();
    }

    [Benchmark(Baseline = true)]
    public async ValueTask<Either<Error, int>> Raw()
    {
        while (true)
        {
            var result = await flaky(CancellationToken.None);
            if (result.IsRight)
            {
                return result;
            }
        }
    }

    [Benchmark]
    public ValueTask<Either<Error, int>> Functional() => functional(CancellationToken.None);

    [Benchmark]
    public ValueTask<Either<Error, int>> Polly() =>
        polly.ExecuteAsync(static (op, ct) => op(ct), flaky, CancellationToken.None);
}
