using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Tests;

/// <summary>What a pipeline nested in a pipeline reports (docs/telemetry.md): process-wide, so run beside no other telemetry test.</summary>
[Collection(nameof(TelemetryCollection))]
public sealed class PolicyPipelineTelemetryTests
{
    private readonly string outer = $"outer-{Guid.NewGuid():N}";
    private readonly string inner = $"inner-{Guid.NewGuid():N}";

    [Fact]
    public void A_named_pipeline_inside_another_reports_its_layers_under_the_outermost_pipeline_and_measures_nothing_itself()
    {
        using var outerRecording = new TelemetryRecording(outer);
        using var innerRecording = new TelemetryRecording(inner);
        var clock = new FakeTimeProvider();
        var nested = Policy.Pipeline(Policy.Retry(new RetryOptions { Backoff = Backoff.Immediate.MaxRetries(1), TimeProvider = clock })).Named(inner);
        var pipeline = Policy.Pipeline(Policy.Timeout(new() { Timeout = TimeSpan.FromSeconds(1), TimeProvider = clock }), nested).Named(outer);
        var calls = 0;

        Assert.Equal(7, (int)pipeline.Wrap(Op.Of(_ => ++calls == 1 ? new(Left<Error, int>(Downstream.Transient)) : new ValueTask<Either<Error, int>>(Right<Error, int>(7)))).RunSync());

        Assert.Empty(innerRecording.Measurements);
        Assert.All(outerRecording.Measurements, m => Assert.Contains($"{ResilienceTelemetry.PipelineNameTag}={outer}", m, StringComparison.Ordinal));
        Assert.Single(outerRecording.Measurements, m => m.StartsWith(ResilienceTelemetry.Duration + " ", StringComparison.Ordinal));
        Assert.Contains(outerRecording.Measurements, m => m.StartsWith(ResilienceTelemetry.Attempts + " ", StringComparison.Ordinal) && m.Contains($"{ResilienceTelemetry.PolicyNameTag}=retry", StringComparison.Ordinal));
    }
}
