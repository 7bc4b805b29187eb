namespace Resilience.Functional;

/// <summary>Settings of <see cref="Partitions{TKey, TValue}"/>: how many partitions it keeps and when an idle one goes.</summary>
public sealed record PartitionOptions
{
    /// <summary>The most partitions kept at once, in [1, 1,000,000]; default 1,000.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside [1, 1,000,000].</exception>
    public int MaxPartitions
    {
        get;
        init => field = OptionGuards.InRange(value, 1, 1_000_000, nameof(MaxPartitions));
    } = 1_000;

    /// <summary>
    /// How long a partition may go unused before it is evicted (when its value allows it); greater than zero, default
    /// 5 minutes. Eviction happens during use of the container, at most once per this interval; no timer runs.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is zero or negative.</exception>
    public TimeSpan IdleTimeout
    {
        get;
        init => field = OptionGuards.Positive(value, nameof(IdleTimeout));
    } = TimeSpan.FromMinutes(5);

    /// <summary>The clock that measures idleness; default <see cref="TimeProvider.System"/>.</summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public TimeProvider TimeProvider
    {
        get;
        init => field = OptionGuards.NotNull(value, nameof(TimeProvider));
    } = TimeProvider.System;

    /// <summary>
    /// Whether the measurements of a partitioned pattern carry its key (<c>resilience.partition.key</c>) as well as its
    /// spans and span events; default false. Each distinct key becomes a time series of every instrument in a metric
    /// backend, so turn it on only for few, fixed keys (a handful of endpoints), never for tenants or clients.
    /// </summary>
    public bool KeyInMetrics { get; init; }
}
