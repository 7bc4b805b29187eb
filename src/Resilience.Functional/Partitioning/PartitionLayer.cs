using System.Globalization;
using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>What every partitioned layer does the same way: its recorder, its refusal, its description.</summary>
internal static class PartitionLayer
{
    /// <summary>The recorder of one key's layer: tagged with the key's text (docs/partitioning.md#telemetry).</summary>
    public static TelemetryRecorder Recorder<TKey>(PartitionOptions partitions, TKey key, string name, string? pipeline, TimeProvider clock)
        where TKey : notnull =>
        new(name, pipeline, clock, partition: KeyText(key), partitionInMetrics: partitions.KeyInMetrics);

    /// <summary>
    /// <paramref name="execute"/> measured while a listener listens (a layer on its own, not inside a pipeline), as
    /// every pattern's combinator is.
    /// </summary>
    public static Func<CancellationToken, ValueTask<Either<Error, T>>> Measured<T>(
        TelemetryRecorder telemetry,
        Func<CancellationToken, ValueTask<Either<Error, T>>> execute) =>
        ct => telemetry.Executions ? telemetry.Measure(execute, ct) : execute(ct);

    /// <summary>The call's error when its key got no partition; a full container is a rejection of the pattern's own.</summary>
    public static ValueTask<Either<Error, T>> Refused<T>(Error error, TelemetryRecorder telemetry)
    {
        if (error is PartitionLimitError)
        {
            telemetry.Rejected(PartitionTelemetry.PartitionLimit);
        }

        return Outcome.Failure<T>(error);
    }

    /// <summary>The settings of a partitioned pattern: its container's, then those of each partition.</summary>
    public static string Describe(PartitionOptions partitions, string each) =>
        $"Partitioned(up to {partitions.MaxPartitions}, idle {Durations.Format(partitions.IdleTimeout)}) {each}";

    /// <summary>The text a key is reported under, culture-invariant.</summary>
    public static string KeyText<TKey>(TKey key)
        where TKey : notnull =>
        Convert.ToString(key, CultureInfo.InvariantCulture) ?? string.Empty;
}
