using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Tests;

/// <summary>What a bulkhead reports (docs/telemetry.md#bulkhead): process-wide, so run beside no other telemetry test.</summary>
[Collection(nameof(TelemetryCollection))]
public sealed class BulkheadTelemetryTests
{
    private readonly string name = $"bh-{Guid.NewGuid():N}";

    private static int Count(TelemetryRecording recording, string instrument, string? containing = null) =>
        recording.Measurements.Count(m => m.StartsWith(instrument + " ", StringComparison.Ordinal) && (containing is null || m.Contains(containing, StringComparison.Ordinal)));

    [Fact]
    public async Task A_waiter_that_waits_too_long_is_reported_as_a_full_bulkhead()
    {
        using var recording = new TelemetryRecording(name);
        var time = new FakeTimeProvider();
        var bulkhead = new Bulkhead(new BulkheadOptions { MaxConcurrency = 1, MaxQueueLength = 1, MaxQueueWait = TimeSpan.FromSeconds(1), TimeProvider = time, Name = name });
        var gate = new TaskCompletionSource<Either<Error, int>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var guarded = Op.Of<int>(_ => new(gate.Task)).WithBulkhead(bulkhead);
        var running = guarded(CancellationToken.None);
        var waiting = guarded(CancellationToken.None);

        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Same(bulkhead.FullError, (await waiting).LeftToSeq().Single());
        Assert.Equal(1, Count(recording, ResilienceTelemetry.Rejections, $"{ResilienceTelemetry.RejectionReasonTag}={BulkheadTelemetry.Full}"));
        gate.SetResult(1);
        await running;
    }

    [Fact]
    public void A_bulkhead_inside_a_pipeline_leaves_measuring_the_execution_to_the_pipeline()
    {
        using var recording = new TelemetryRecording(name);
        var bulkhead = new Bulkhead(new BulkheadOptions { MaxConcurrency = 1, TimeProvider = new FakeTimeProvider() });
        var pipeline = Policy.Pipeline(Policy.Bulkhead(bulkhead), Policy.Retry(new RetryOptions { Backoff = Backoff.Immediate.MaxRetries(1) })).Named(name);

        Assert.Equal(1, (int)pipeline.Wrap(Op.Succeed(1)).RunSync());

        Assert.Equal(1, Count(recording, ResilienceTelemetry.Duration)); // the pipeline's, not one per layer
    }
}
