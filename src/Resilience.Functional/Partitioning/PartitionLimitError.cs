using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>
/// A <see cref="Partitions{TKey, TValue}"/> held <see cref="MaxPartitions"/> partitions, none of which could be evicted
/// (each one's value refused, e.g. an open breaker), so a new key got none. Permanent by default: it lasts until a
/// partition can go, which a retry within one call does not wait for.
/// </summary>
/// <param name="MaxPartitions">The container's bound.</param>
public sealed record PartitionLimitError(int MaxPartitions)
    : Expected($"All {MaxPartitions} partitions are in use and none can be evicted.", ErrorCodes.PartitionLimitReached, Option<Error>.None);
