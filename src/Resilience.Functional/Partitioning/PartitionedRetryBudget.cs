namespace Resilience.Functional;

/// <summary>
/// A <see cref="RetryBudget"/> per key (tenant, client), each made by one factory on the key's first use, at most
/// <see cref="PartitionOptions.MaxPartitions"/> at once; a partition goes only while its budget is not exhausted, so
/// evicting it never refills a budget a retry storm has emptied. Give a key's view to a retry with
/// <c>op.WithRetry(options, budgets, key)</c> or <c>options with { Budget = budgets.For(key) }</c> (docs/partitioning.md).
/// </summary>
/// <typeparam name="TKey">The partition key.</typeparam>
public sealed class PartitionedRetryBudget<TKey>
    where TKey : notnull
{
    /// <summary>A retry budget per key.</summary>
    /// <param name="create">Makes a new key's budget, e.g. <c>_ =&gt; new TokenRatioRetryBudget(10, 0.1)</c>; a throw
    /// means the key has no budget now, and its retries are refused.</param>
    /// <param name="partitions">The bound and the idle timeout.</param>
    /// <param name="comparer">The key comparer; null for the default.</param>
    /// <exception cref="ArgumentNullException"><paramref name="create"/> or <paramref name="partitions"/> is null.</exception>
    public PartitionedRetryBudget(Func<TKey, RetryBudget> create, PartitionOptions partitions, IEqualityComparer<TKey>? comparer = null) =>
        Partitions = new Partitions<TKey, RetryBudget>(
            OptionGuards.NotNull(partitions, nameof(partitions)), OptionGuards.NotNull(create, nameof(create)), static b => !b.IsExhausted, comparer);

    /// <summary>The partitions: their number, each key's budget (<see cref="Partitions{TKey, TValue}.Find"/>), a snapshot.</summary>
    public Partitions<TKey, RetryBudget> Partitions { get; }

    /// <summary>
    /// The budget of <paramref name="key"/>'s partition as one <see cref="RetryBudget"/>, for <see cref="RetryOptions.Budget"/>:
    /// each deposit, withdrawal and record goes to the key's current partition (created on first use); when the key gets
    /// none (a full container, a throwing factory) deposits and records are dropped and every retry is refused.
    /// </summary>
    /// <param name="key">The partition key.</param>
    public RetryBudget For(TKey key) => new PartitionBudget<TKey>(Partitions, key);
}
