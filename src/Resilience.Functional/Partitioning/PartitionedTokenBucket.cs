using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>
/// A <see cref="TokenBucket"/> per key (client, tenant), each created full from one <see cref="TokenBucketOptions"/> on
/// the key's first use, at most <see cref="PartitionOptions.MaxPartitions"/> at once; a partition goes only once its
/// bucket is full again, so evicting it never hands a key tokens it has not earned. Apply it with
/// <c>op.WithRateLimiter(buckets, key)</c> (docs/partitioning.md).
/// </summary>
/// <typeparam name="TKey">The partition key.</typeparam>
public sealed class PartitionedTokenBucket<TKey> : IPartitionedLayer<TKey>
    where TKey : notnull
{
    /// <summary>A token bucket per key.</summary>
    /// <param name="bucket">The settings of every partition's bucket.</param>
    /// <param name="partitions">The bound and the idle timeout.</param>
    /// <param name="comparer">The key comparer; null for the default.</param>
    /// <exception cref="ArgumentNullException"><paramref name="bucket"/> or <paramref name="partitions"/> is null.</exception>
    public PartitionedTokenBucket(TokenBucketOptions bucket, PartitionOptions partitions, IEqualityComparer<TKey>? comparer = null)
    {
        Options = OptionGuards.NotNull(bucket, nameof(bucket));
        Partitions = new Partitions<TKey, TokenBucket>(
            OptionGuards.NotNull(partitions, nameof(partitions)), _ => new TokenBucket(bucket), static b => b.AvailableTokens >= b.Options.Burst, comparer);
    }

    /// <summary>The settings of every partition's bucket.</summary>
    public TokenBucketOptions Options { get; }

    /// <summary>The partitions: their number, each key's bucket (<see cref="Partitions{TKey, TValue}.Find"/>), a snapshot.</summary>
    public Partitions<TKey, TokenBucket> Partitions { get; }

    string IPartitionedLayer<TKey>.Name => Options.Name;

    TimeProvider IPartitionedLayer<TKey>.Clock => Options.TimeProvider;

    string IPartitionedLayer<TKey>.Settings => Waiting(TimeSpan.Zero).Settings;

    Func<CancellationToken, ValueTask<Either<Error, T>>> IPartitionedLayer<TKey>.Apply<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        TKey key,
        string name,
        string? pipeline) =>
        Apply(operation, key, TimeSpan.Zero, name, pipeline);

    /// <summary>The layer that waits up to <paramref name="maxWait"/> for a token (none when zero).</summary>
    internal IPartitionedLayer<TKey> Waiting(TimeSpan maxWait) => new WaitingLayer(this, maxWait);

    internal Func<CancellationToken, ValueTask<Either<Error, T>>> Apply<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        TKey key,
        TimeSpan maxWait,
        string name,
        string? pipeline)
    {
        var telemetry = PartitionLayer.Recorder(Partitions.Options, key, name, pipeline, Options.TimeProvider);
        return PartitionLayer.Measured(telemetry, ct => Execute(operation, key, maxWait, telemetry, ct));
    }

    private ValueTask<Either<Error, T>> Execute<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        TKey key,
        TimeSpan maxWait,
        TelemetryRecorder telemetry,
        CancellationToken ct)
    {
        if (ct.IsCancellationRequested)
        {
            return Outcome.Cancelled<T>();
        }

        var found = Partitions.Get(key);
        return found.IsRight
            ? RateLimiterExtensions.Execute(operation, (TokenBucket)found, maxWait, telemetry, ct)
            : PartitionLayer.Refused<T>((Error)found, telemetry);
    }

    private sealed class WaitingLayer(PartitionedTokenBucket<TKey> buckets, TimeSpan maxWait) : IPartitionedLayer<TKey>
    {
        public string Name => buckets.Options.Name;

        public TimeProvider Clock => buckets.Options.TimeProvider;

        public string Settings => PartitionLayer.Describe(buckets.Partitions.Options, RateLimiterPolicy.Describe(buckets.Options, maxWait));

        public Func<CancellationToken, ValueTask<Either<Error, T>>> Apply<T>(
            Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
            TKey key,
            string name,
            string? pipeline) =>
            buckets.Apply(operation, key, maxWait, name, pipeline);
    }
}
