using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Tests;

/// <summary>What hedging reports: every attempt, a rejection when exhausted, and inside a pipeline no execution of its own.</summary>
[Collection(nameof(TelemetryCollection))]
public sealed class HedgingTelemetryTests
{
    private static readonly Error Transient = new HttpStatusError(503);

    private readonly string name = $"hedge-{Guid.NewGuid():N}";

    private static List<string> Of(TelemetryRecording recording, string instrument)
    {
        lock (recording.Measurements)
        {
            return recording.Measurements.Where(m => m.StartsWith(instrument + " ", StringComparison.Ordinal)).ToList();
        }
    }

    [Fact]
    public async Task A_first_attempt_that_succeeds_synchronously_is_counted_as_a_successful_attempt()
    {
        using var recording = new TelemetryRecording(name);

        var result = await Op.Succeed(7).WithHedging(new HedgingOptions { Name = name, TimeProvider = new FakeTimeProvider() })(CancellationToken.None);

        Assert.Equal(Right<Error, int>(7), result);
        Assert.Equal(
            [$"{ResilienceTelemetry.Attempts} [{{attempt}}] 1 {{{ResilienceTelemetry.OutcomeTag}=success, {ResilienceTelemetry.PolicyNameTag}={name}}}"],
            Of(recording, ResilienceTelemetry.Attempts));
        Assert.Single(Of(recording, ResilienceTelemetry.AttemptDuration));
    }

    [Fact]
    public async Task An_exhausted_hedge_reports_each_attempt_the_hedge_it_started_and_one_rejection_with_its_reason()
    {
        using var recording = new TelemetryRecording(name);
        var failing = Op.Fail<int>(Transient).WithHedging(new HedgingOptions { Name = name, TimeProvider = new FakeTimeProvider() });

        var result = await failing(CancellationToken.None);

        Assert.IsType<HedgingExhaustedError>((Error)result);
        Assert.Equal(
            [$"{ResilienceTelemetry.Rejections} [{{rejection}}] 1 {{{ResilienceTelemetry.PolicyNameTag}={name}, {ResilienceTelemetry.RejectionReasonTag}={HedgingTelemetry.Exhausted}}}"],
            Of(recording, ResilienceTelemetry.Rejections));
        Assert.Equal([TelemetryEventTests.Event(name, HedgingTelemetry.HedgeStarted)], Of(recording, ResilienceTelemetry.Events));
        Assert.Equal(2, Of(recording, ResilienceTelemetry.Attempts).Count);
    }

    [Fact]
    public async Task Inside_a_pipeline_hedging_records_no_execution_or_span_of_its_own()
    {
        using var recording = new TelemetryRecording(name);
        var clock = new FakeTimeProvider();
        var pipeline = Policy.Pipeline(
            Policy.Hedging(new HedgingOptions { TimeProvider = clock }),
            Policy.Timeout(new TimeoutOptions { Timeout = TimeSpan.FromSeconds(10), TimeProvider = clock })).Named(name);

        Assert.Equal(Right<Error, int>(7), await pipeline.Wrap(Op.Succeed(7))(CancellationToken.None));

        var duration = Assert.Single(Of(recording, ResilienceTelemetry.Duration)); // the pipeline's, not one per layer
        Assert.Contains($"{ResilienceTelemetry.PolicyNameTag}={name}", duration, StringComparison.Ordinal);
        var span = Assert.Single(recording.Spans);
        Assert.StartsWith(name + " ", span, StringComparison.Ordinal);
    }
}
