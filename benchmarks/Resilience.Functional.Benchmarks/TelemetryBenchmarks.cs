using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using LanguageExt;
using LanguageExt.Common;
using Polly;
using Polly.Telemetry;

namespace Resilience.Functional.Benchmarks;

/// <summary>
/// The pipeline of <see cref="PipelineBenchmarks"/> with metrics on in both libraries: a <see cref="MeterListener"/>
/// enabled for the meters <c>Resilience.Functional</c> and <c>Polly</c> (Polly's telemetry from Polly.Extensions,
/// no logging), with callbacks that only count.
/// </summary>
[MemoryDiagnoser]
public class TelemetryBenchmarks
{
    private readonly Func<CancellationToken, ValueTask<Either<Error, int>>> raw = Ops.CompletedSuccess(42);
    private Func<CancellationToken, ValueTask<Either<Error, int>>> functional = null!;
    private ResiliencePipeline<Either<Error, int>> polly = null!;
    private MeterListener listener = null!;
    private long recorded;

    [GlobalSetup]
    public void Setup()
    {
        listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name is ResilienceTelemetry.Name or "Polly")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, _, _, _) => recorded++);
        listener.SetMeasurementEventCallback<int>((_, _, _, _) => recorded++);
        listener.SetMeasurementEventCallback<double>((_, _, _, _) => recorded++);
        listener.Start();

        functional = PipelineSetup.Functional().Wrap(raw);
        polly = PipelineSetup.Polly().ConfigureTelemetry(new TelemetryOptions()).Build();
    }

    [GlobalCleanup]
    public void Cleanup() => listener.Dispose();

    [Benchmark(Baseline = true)]
    public ValueTask<Either<Error, int>> Raw() => raw(CancellationToken.None);

    [Benchmark]
    public ValueTask<Either<Error, int>> Functional() => functional(CancellationToken.None);

    [Benchmark]
    public ValueTask<Either<Error, int>> Polly() =>
        polly.ExecuteAsync(static (op, ct) => op(ct), raw, CancellationToken.None);
}
