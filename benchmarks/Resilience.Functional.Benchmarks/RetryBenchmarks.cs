using BenchmarkDotNet.Attributes;
using LanguageExt;
using LanguageExt.Common;
using Polly;
using Polly.Retry;

namespace Resilience.Functional.Benchmarks;

/// <summary>
/// Retry around an operation that succeeds on the first try (the hot path), in both libraries up to 3 retries,
/// exponential from 200 ms with jitter.
/// </summary>
[MemoryDiagnoser]
public class RetryBenchmarks
{
    private readonly Func<CancellationToken, ValueTask<Either<Error, int>>> raw = Ops.CompletedSuccess(42);
    private Func<CancellationToken, ValueTask<Either<Error, int>>> functional = null!;
    private ResiliencePipeline<Either<Error, int>> polly = null!;

    [GlobalSetup]
    public void Setup()
    {
        functional = raw.WithRetry(new RetryOptions
        {
            Backoff = Backoff.Exponential(TimeSpan.FromMilliseconds(200)).FullJitter().MaxRetries(3),
        });
        polly = new ResiliencePipelineBuilder<Either<Error, int>>()
            .AddRetry(new RetryStrategyOptions<Either<Error, int>>
            {
                ShouldHandle = static args => new ValueTask<bool>(args.Outcome.Exception is not null || args.Outcome.Result.IsLeft),
                MaxRetryAttempts = 3,
                Delay = TimeSpan.FromMilliseconds(200),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
            })
            .Build();
    }

    [Benchmark(Baseline = true)]
    public ValueTask<Either<Error, int>> Raw() => raw(CancellationToken.None);

    [Benchmark]
    public ValueTask<Either<Error, int>> Functional() => functional(CancellationToken.None);

    [Benchmark]
    public ValueTask<Either<Error, int>> Polly() =>
        polly.ExecuteAsync(static (op, ct) => op(ct), raw, CancellationToken.None);
}
