using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>
/// The partitioned combinators: the pattern's object of one key's partition, created on first use
/// (docs/partitioning.md). A key that gets no partition (a full container whose partitions must all stay) gives the
/// container's <see cref="PartitionLimitError"/> without running the operation. Each reports as its pattern does, under
/// the options' <c>Name</c>, with the key in <c>resilience.partition.key</c> (docs/partitioning.md#telemetry).
/// </summary>
public static class PartitionedExtensions
{
    /// <summary>
    /// Guards <paramref name="operation"/> with the breaker of <paramref name="key"/>'s partition, exactly as
    /// <see cref="CircuitBreakerExtensions.WithCircuitBreaker{T}"/> with that breaker: one key's failures never open
    /// another key's circuit.
    /// </summary>
    /// <typeparam name="TKey">The partition key.</typeparam>
    /// <typeparam name="T">The type of the success value.</typeparam>
    /// <param name="operation">The operation to guard.</param>
    /// <param name="breakers">The breakers, shared by every operation of every key.</param>
    /// <param name="key">The partition whose breaker applies.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Func<CancellationToken, ValueTask<Either<Error, T>>> WithCircuitBreaker<TKey, T>(
        this Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        PartitionedCircuitBreaker<TKey> breakers,
        TKey key)
        where TKey : notnull =>
        Apply(operation, breakers, key);

    /// <summary>
    /// Runs <paramref name="operation"/> inside the bulkhead of <paramref name="key"/>'s partition, exactly as
    /// <see cref="BulkheadExtensions.WithBulkhead{T}"/> with that bulkhead: one key's load never takes another key's slots.
    /// </summary>
    /// <typeparam name="TKey">The partition key.</typeparam>
    /// <typeparam name="T">The type of the success value.</typeparam>
    /// <param name="operation">The operation to limit.</param>
    /// <param name="bulkheads">The bulkheads, shared by every operation of every key.</param>
    /// <param name="key">The partition whose bulkhead applies.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Func<CancellationToken, ValueTask<Either<Error, T>>> WithBulkhead<TKey, T>(
        this Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        PartitionedBulkhead<TKey> bulkheads,
        TKey key)
        where TKey : notnull =>
        Apply(operation, bulkheads, key);

    /// <summary>
    /// Runs <paramref name="operation"/> when the bucket of <paramref name="key"/>'s partition has a token, and
    /// otherwise rejects at once with a <see cref="RateLimitedError"/>, exactly as
    /// <see cref="RateLimiterExtensions.WithRateLimiter{T}(Func{CancellationToken, ValueTask{Either{Error, T}}}, TokenBucket)"/>
    /// with that bucket.
    /// </summary>
    /// <typeparam name="TKey">The partition key.</typeparam>
    /// <typeparam name="T">The type of the success value.</typeparam>
    /// <param name="operation">The operation to limit.</param>
    /// <param name="buckets">The buckets, shared by every operation of every key.</param>
    /// <param name="key">The partition whose bucket applies.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Func<CancellationToken, ValueTask<Either<Error, T>>> WithRateLimiter<TKey, T>(
        this Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        PartitionedTokenBucket<TKey> buckets,
        TKey key)
        where TKey : notnull =>
        Apply(operation, buckets, key);

    /// <summary>
    /// The same as <see cref="WithRateLimiter{TKey, T}(Func{CancellationToken, ValueTask{Either{Error, T}}}, PartitionedTokenBucket{TKey}, TKey)"/>,
    /// waiting for the next token of the key's bucket if it comes within <paramref name="maxWait"/>, as
    /// <see cref="RateLimiterExtensions.WithRateLimiter{T}(Func{CancellationToken, ValueTask{Either{Error, T}}}, TokenBucket, TimeSpan)"/>.
    /// </summary>
    /// <typeparam name="TKey">The partition key.</typeparam>
    /// <typeparam name="T">The type of the success value.</typeparam>
    /// <param name="operation">The operation to limit.</param>
    /// <param name="buckets">The buckets, shared by every operation of every key.</param>
    /// <param name="key">The partition whose bucket applies.</param>
    /// <param name="maxWait">The longest wait for a token, on the buckets' clock. In (0, about 49.7 days].</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxWait"/> is out of range.</exception>
    public static Func<CancellationToken, ValueTask<Either<Error, T>>> WithRateLimiter<TKey, T>(
        this Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        PartitionedTokenBucket<TKey> buckets,
        TKey key,
        TimeSpan maxWait)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(buckets);
        return Apply(operation, buckets.Waiting(OptionGuards.PositiveDelay(maxWait, nameof(maxWait))), key);
    }

    /// <summary>
    /// Retries <paramref name="operation"/> as <see cref="RetryExtensions.WithRetry{T}(Func{CancellationToken, ValueTask{Either{Error, T}}}, RetryOptions)"/> does, paying for its retries
    /// from the budget of <paramref name="key"/>'s partition (<see cref="PartitionedRetryBudget{TKey}.For"/>) instead of
    /// <see cref="RetryOptions.Budget"/>: one key's retry storm empties only its own budget.
    /// </summary>
    /// <typeparam name="TKey">The partition key.</typeparam>
    /// <typeparam name="T">The type of the success value.</typeparam>
    /// <param name="operation">The operation to retry.</param>
    /// <param name="options">The settings; their <see cref="RetryOptions.Budget"/> is replaced.</param>
    /// <param name="budgets">The budgets, shared by every operation of every key.</param>
    /// <param name="key">The partition whose budget applies.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Func<CancellationToken, ValueTask<Either<Error, T>>> WithRetry<TKey, T>(
        this Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        RetryOptions options,
        PartitionedRetryBudget<TKey> budgets,
        TKey key)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(budgets);
        ArgumentNullException.ThrowIfNull(key);
        return operation.WithRetry(options with { Budget = budgets.For(key) });
    }

    private static Func<CancellationToken, ValueTask<Either<Error, T>>> Apply<TKey, T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        IPartitionedLayer<TKey> layer,
        TKey key)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(key);
        return layer.Apply(operation, key, layer.Name, pipeline: null);
    }
}
