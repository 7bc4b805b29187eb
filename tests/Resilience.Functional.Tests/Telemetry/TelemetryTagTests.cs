namespace Resilience.Functional.Tests;

/// <summary>
/// What a trace backend groups and filters by: every span and span event names its pipeline as well as its layer,
/// and a retry's event says which attempt failed, why, and how long the wait before the next one is.
/// </summary>
[Collection(nameof(TelemetryCollection))]
public sealed class TelemetryTagTests
{
    private readonly string name = $"tags-{Guid.NewGuid():N}";

    [Fact]
    public void A_pipelines_span_and_its_retry_event_carry_the_pipeline_the_layer_the_attempt_and_the_delay()
    {
        using var recording = new TelemetryRecording(name);
        var calls = 0;
        var flaky = Op.Of(_ => new ValueTask<Either<Error, int>>(++calls == 1 ? Left<Error, int>(Downstream.Transient) : Right<Error, int>(42)));
        var pipeline = Policy.Pipeline(Policy.Retry(new RetryOptions { Backoff = Backoff.Immediate.MaxRetries(1) })).Named(name);

        Assert.Equal(42, (int)pipeline.Wrap(flaky).RunSync());

        var span = Assert.Single(recording.Spans);
        Assert.Equal(
            $"{name} Unset {{{ResilienceTelemetry.OutcomeTag}=success, {ResilienceTelemetry.PipelineNameTag}={name}, {ResilienceTelemetry.PolicyNameTag}={name}}} " +
            $"[{RetryTelemetry.RetryEvent} {{{ResilienceTelemetry.ErrorTypeTag}={nameof(TimeoutError)}, {ResilienceTelemetry.AttemptTag}=1, {ResilienceTelemetry.PipelineNameTag}={name}, " +
            $"{ResilienceTelemetry.PolicyNameTag}=retry, {ResilienceTelemetry.RetryDelayTag}=0}}]",
            span);
    }

    [Fact]
    public void A_failed_execution_is_a_span_with_the_failure_outcome_the_error_type_and_an_error_status()
    {
        using var recording = new TelemetryRecording(name);

        Assert.Equal(Left<Error, int>(Downstream.Permanent), Op.Fail<int>(Downstream.Permanent).WithRetry(new RetryOptions { Name = name }).RunSync());

        Assert.Equal(
            $"{name} Error {{{ResilienceTelemetry.ErrorTypeTag}={Downstream.Permanent.GetType().Name}, {ResilienceTelemetry.OutcomeTag}=failure, {ResilienceTelemetry.PolicyNameTag}={name}}} []",
            Assert.Single(recording.Spans));
    }
}
