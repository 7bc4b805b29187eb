using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>
/// A <see cref="Bulkhead"/> per key (tenant, client, endpoint), each created from one <see cref="BulkheadOptions"/> on
/// the key's first use, at most <see cref="PartitionOptions.MaxPartitions"/> at once; a partition goes only while no
/// call is in it or queued for it. Apply it with <c>op.WithBulkhead(bulkheads, key)</c> (docs/partitioning.md).
/// </summary>
/// <typeparam name="TKey">The partition key.</typeparam>
public sealed class PartitionedBulkhead<TKey> : IPartitionedLayer<TKey>
    where TKey : notnull
{
    /// <summary>A bulkhead per key.</summary>
    /// <param name="bulkhead">The settings of every partition's bulkhead.</param>
    /// <param name="partitions">The bound and the idle timeout.</param>
    /// <param name="comparer">The key comparer; null for the default.</param>
    /// <exception cref="ArgumentNullException"><paramref name="bulkhead"/> or <paramref name="partitions"/> is null.</exception>
    public PartitionedBulkhead(BulkheadOptions bulkhead, PartitionOptions partitions, IEqualityComparer<TKey>? comparer = null)
    {
        Options = OptionGuards.NotNull(bulkhead, nameof(bulkhead));
        Partitions = new Partitions<TKey, Bulkhead>(
            OptionGuards.NotNull(partitions, nameof(partitions)), _ => new Bulkhead(bulkhead), static b => b.InUse == 0 && b.Queued == 0, comparer);
    }

    /// <summary>The settings of every partition's bulkhead.</summary>
    public BulkheadOptions Options { get; }

    /// <summary>The partitions: their number, each key's bulkhead (<see cref="Partitions{TKey, TValue}.Find"/>), a snapshot.</summary>
    public Partitions<TKey, Bulkhead> Partitions { get; }

    string IPartitionedLayer<TKey>.Name => Options.Name;

    TimeProvider IPartitionedLayer<TKey>.Clock => Options.TimeProvider;

    string IPartitionedLayer<TKey>.Settings => PartitionLayer.Describe(Partitions.Options, BulkheadPolicy.Describe(Options));

    Func<CancellationToken, ValueTask<Either<Error, T>>> IPartitionedLayer<TKey>.Apply<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        TKey key,
        string name,
        string? pipeline)
    {
        var telemetry = PartitionLayer.Recorder(Partitions.Options, key, name, pipeline, Options.TimeProvider);
        return PartitionLayer.Measured(telemetry, ct => Execute(operation, key, telemetry, ct));
    }

    private ValueTask<Either<Error, T>> Execute<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        TKey key,
        TelemetryRecorder telemetry,
        CancellationToken ct)
    {
        if (ct.IsCancellationRequested)
        {
            return Outcome.Cancelled<T>();
        }

        var found = Partitions.Get(key);
        return found.IsRight
            ? BulkheadExtensions.Execute(operation, (Bulkhead)found, telemetry, ct)
            : PartitionLayer.Refused<T>((Error)found, telemetry);
    }
}
