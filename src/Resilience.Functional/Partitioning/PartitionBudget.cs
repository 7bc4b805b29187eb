namespace Resilience.Functional;

/// <summary>One key's view of a <see cref="PartitionedRetryBudget{TKey}"/>: every call goes to the key's partition.</summary>
/// <typeparam name="TKey">The partition key.</typeparam>
internal sealed class PartitionBudget<TKey>(Partitions<TKey, RetryBudget> partitions, TKey key) : RetryBudget
    where TKey : notnull
{
    // A key without a partition would get a fresh one: not exhausted.
    public override bool IsExhausted => partitions.Find(key).Match(Some: static b => b.IsExhausted, None: static () => false);

    public override double Exhaustion => partitions.Find(key).Match(Some: static b => b.Exhaustion, None: static () => 0);

    public override void Deposit()
    {
        var found = partitions.Get(key);
        if (found.IsRight)
        {
            ((RetryBudget)found).Deposit();
        }
    }

    public override bool TryWithdraw()
    {
        var found = partitions.Get(key);
        return found.IsRight && ((RetryBudget)found).TryWithdraw();
    }

    public override void RecordSuccess()
    {
        var found = partitions.Get(key);
        if (found.IsRight)
        {
            ((RetryBudget)found).RecordSuccess();
        }
    }

    public override void RecordFailure()
    {
        var found = partitions.Get(key);
        if (found.IsRight)
        {
            ((RetryBudget)found).RecordFailure();
        }
    }
}
