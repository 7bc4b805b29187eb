using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>A partitioned pattern as a layer for one key: what its combinator and its policy apply.</summary>
/// <typeparam name="TKey">The partition key.</typeparam>
internal interface IPartitionedLayer<TKey>
    where TKey : notnull
{
    /// <summary>The name it reports under unless a policy renames it.</summary>
    string Name { get; }

    /// <summary>The clock it measures on.</summary>
    TimeProvider Clock { get; }

    /// <summary>Its settings as text, for a policy's description.</summary>
    string Settings { get; }

    /// <summary>The layer over <paramref name="operation"/> for <paramref name="key"/>'s partition, reporting under
    /// <paramref name="name"/>, inside <paramref name="pipeline"/> if any.</summary>
    Func<CancellationToken, ValueTask<Either<Error, T>>> Apply<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        TKey key,
        string name,
        string? pipeline);
}
