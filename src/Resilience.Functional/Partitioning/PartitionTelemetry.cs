namespace Resilience.Functional;

/// <summary>The telemetry names of the partitioned patterns (docs/partitioning.md#telemetry).</summary>
public static class PartitionTelemetry
{
    /// <summary>Rejection reason: the key got no partition, as the container was full and none could be evicted.</summary>
    public const string PartitionLimit = "partition_limit";
}
