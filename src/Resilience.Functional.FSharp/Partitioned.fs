namespace Resilience.Functional.FSharp

open System
open Resilience.Functional

/// One breaker, bulkhead, token bucket or retry budget per key (tenant, client, endpoint), created on first use from
/// one options value and bounded in number, as curried, operation-last functions (docs/partitioning.md).
[<RequireQualifiedAccess>]
module Partitioned =
    /// A breaker per key, with the breaker settings; a partition goes only while its breaker is closed.
    let circuitBreakers (partitions: PartitionOptions) (breaker: CircuitBreakerOptions) : PartitionedCircuitBreaker<'K> =
        PartitionedCircuitBreaker<'K>(breaker, partitions)

    /// A bulkhead per key, with the bulkhead settings; a partition goes only while no call is in it or queued.
    let bulkheads (partitions: PartitionOptions) (bulkhead: BulkheadOptions) : PartitionedBulkhead<'K> =
        PartitionedBulkhead<'K>(bulkhead, partitions)

    /// A token bucket per key, with the bucket settings; a partition goes only once its bucket is full again.
    let tokenBuckets (partitions: PartitionOptions) (bucket: TokenBucketOptions) : PartitionedTokenBucket<'K> =
        PartitionedTokenBucket<'K>(bucket, partitions)

    /// A retry budget per key, each made by create; a partition goes only while its budget is not exhausted.
    let retryBudgets (partitions: PartitionOptions) (create: 'K -> RetryBudget) : PartitionedRetryBudget<'K> =
        PartitionedRetryBudget<'K>(Func<'K, RetryBudget> create, partitions)

    /// Guards the operation with the key's breaker; a key that gets no partition gives PartitionLimitError.
    let circuitBreaker (breakers: PartitionedCircuitBreaker<'K>) (key: 'K) (operation: Operation<'T>) : Operation<'T> =
        PartitionedExtensions.WithCircuitBreaker(operation, breakers, key)

    /// Runs the operation inside the key's bulkhead.
    let bulkhead (bulkheads: PartitionedBulkhead<'K>) (key: 'K) (operation: Operation<'T>) : Operation<'T> =
        PartitionedExtensions.WithBulkhead(operation, bulkheads, key)

    /// Runs the operation when the key's bucket has a token, otherwise RateLimitedError at once.
    let rateLimit (buckets: PartitionedTokenBucket<'K>) (key: 'K) (operation: Operation<'T>) : Operation<'T> =
        PartitionedExtensions.WithRateLimiter(operation, buckets, key)

    /// As rateLimit, waiting up to maxWait for the key's next token.
    let rateLimitWaiting (buckets: PartitionedTokenBucket<'K>) (key: 'K) (maxWait: TimeSpan) (operation: Operation<'T>) : Operation<'T> =
        PartitionedExtensions.WithRateLimiter(operation, buckets, key, maxWait)

    /// Retries the operation with the options, paying for retries from the key's budget.
    let retry (options: RetryOptions) (budgets: PartitionedRetryBudget<'K>) (key: 'K) (operation: Operation<'T>) : Operation<'T> =
        PartitionedExtensions.WithRetry(operation, options, budgets, key)

    /// The key's budget as one RetryBudget, for RetryOptions.Budget.
    let budgetFor (key: 'K) (budgets: PartitionedRetryBudget<'K>) : RetryBudget = budgets.For key

    /// How many partitions exist now.
    let count (partitions: Partitions<'K, 'V>) : int = partitions.Count

    /// The value of an existing partition, without creating one.
    let find (key: 'K) (partitions: Partitions<'K, 'V>) : 'V option =
        let found = partitions.Find key
        if found.IsSome then Some(found.Case :?> 'V) else None

    /// Every partition now, as key and value.
    let snapshot (partitions: Partitions<'K, 'V>) : ('K * 'V) list =
        partitions.Snapshot() |> Seq.map (fun pair -> pair.Key, pair.Value) |> List.ofSeq
