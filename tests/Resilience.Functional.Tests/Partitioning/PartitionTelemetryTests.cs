using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Tests.Partitioning;

public class PartitionTelemetryTests
{
    private readonly FakeTimeProvider clock = new();

    private PartitionedBulkhead<string> Make(string name, bool keyInMetrics) =>
        new(
            new BulkheadOptions { MaxConcurrency = 1, MaxQueueLength = 0, TimeProvider = clock, Name = name },
            new PartitionOptions { MaxPartitions = 1, TimeProvider = clock, KeyInMetrics = keyInMetrics });

    private static async Task FillThenOverflow(PartitionedBulkhead<string> bulkheads)
    {
        var gate = new TaskCompletionSource<Either<Error, int>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = Op.Of(_ => new ValueTask<Either<Error, int>>(gate.Task)).WithBulkhead(bulkheads, "tenant-a")(CancellationToken.None);
        await Op.Succeed(1).WithBulkhead(bulkheads, "tenant-a")(CancellationToken.None);
        await Op.Succeed(1).WithBulkhead(bulkheads, "tenant-b")(CancellationToken.None);
        gate.SetResult(1);
        await held;
    }

    [Fact]
    public async Task Spans_carry_the_partition_key_and_metrics_carry_it_only_when_asked()
    {
        using var recording = new TelemetryRecording("partitioned-quiet");
        await FillThenOverflow(Make("partitioned-quiet", keyInMetrics: false));

        Assert.Contains(recording.Spans, s => s.Contains("resilience.partition.key=tenant-a", StringComparison.Ordinal) && s.Contains("bulkhead_full", StringComparison.Ordinal));
        Assert.Contains(recording.Spans, s => s.Contains("resilience.partition.key=tenant-b", StringComparison.Ordinal) && s.Contains("resilience.rejection.reason=partition_limit", StringComparison.Ordinal));
        Assert.Contains(recording.Measurements, m => m.Contains("resilience.rejection.reason=partition_limit", StringComparison.Ordinal));
        Assert.DoesNotContain(recording.Measurements, m => m.Contains("resilience.partition.key", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_keys_in_metrics_each_rejection_is_counted_under_its_key()
    {
        using var recording = new TelemetryRecording("partitioned-keyed");
        await FillThenOverflow(Make("partitioned-keyed", keyInMetrics: true));

        var rejections = recording.Measurements.Where(m => m.StartsWith(ResilienceTelemetry.Rejections, StringComparison.Ordinal)).ToList();
        Assert.Equal(2, rejections.Count);
        Assert.Contains(rejections, m => m.Contains("resilience.partition.key=tenant-a", StringComparison.Ordinal) && m.Contains("bulkhead_full", StringComparison.Ordinal));
        Assert.Contains(rejections, m => m.Contains("resilience.partition.key=tenant-b", StringComparison.Ordinal) && m.Contains("partition_limit", StringComparison.Ordinal));
    }
}
