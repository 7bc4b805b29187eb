namespace Resilience.Functional;

/// <content>The factories of the partitioned patterns, one policy per key (docs/partitioning.md#policies).</content>
public abstract partial class Policy
{
    /// <summary>Guards calls with the breaker of <paramref name="key"/>'s partition (<see cref="PartitionedExtensions.WithCircuitBreaker{TKey, T}"/>). Named after the breakers' options' <c>Name</c>.</summary>
    /// <typeparam name="TKey">The partition key.</typeparam>
    /// <param name="breakers">The breakers, shared by every policy of every key.</param>
    /// <param name="key">The partition whose breaker applies.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Policy CircuitBreaker<TKey>(PartitionedCircuitBreaker<TKey> breakers, TKey key)
        where TKey : notnull =>
        Partitioned(OptionGuards.NotNull(breakers, nameof(breakers)), key);

    /// <summary>Limits concurrent calls with the bulkhead of <paramref name="key"/>'s partition (<see cref="PartitionedExtensions.WithBulkhead{TKey, T}"/>). Named after the bulkheads' options' <c>Name</c>.</summary>
    /// <typeparam name="TKey">The partition key.</typeparam>
    /// <param name="bulkheads">The bulkheads, shared by every policy of every key.</param>
    /// <param name="key">The partition whose bulkhead applies.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Policy Bulkhead<TKey>(PartitionedBulkhead<TKey> bulkheads, TKey key)
        where TKey : notnull =>
        Partitioned(OptionGuards.NotNull(bulkheads, nameof(bulkheads)), key);

    /// <summary>Rejects calls beyond the rate of <paramref name="key"/>'s bucket at once (<see cref="PartitionedExtensions.WithRateLimiter{TKey, T}(Func{CancellationToken, ValueTask{LanguageExt.Either{LanguageExt.Common.Error, T}}}, PartitionedTokenBucket{TKey}, TKey)"/>). Named after the buckets' options' <c>Name</c>.</summary>
    /// <typeparam name="TKey">The partition key.</typeparam>
    /// <param name="buckets">The buckets, shared by every policy of every key.</param>
    /// <param name="key">The partition whose bucket applies.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Policy RateLimiter<TKey>(PartitionedTokenBucket<TKey> buckets, TKey key)
        where TKey : notnull =>
        Partitioned(OptionGuards.NotNull(buckets, nameof(buckets)).Waiting(TimeSpan.Zero), key);

    private static PartitionedPolicy<TKey> Partitioned<TKey>(IPartitionedLayer<TKey> layer, TKey key)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(key);
        return new(layer, key);
    }
}
