using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>A partitioned pattern's layer for one key.</summary>
/// <typeparam name="TKey">The partition key.</typeparam>
internal sealed class PartitionedPolicy<TKey>(IPartitionedLayer<TKey> layer, TKey key) : Policy(layer.Name)
    where TKey : notnull
{
    internal override TimeProvider Clock => layer.Clock;

    internal override string Settings => $"{layer.Settings}, key {PartitionLayer.KeyText(key)}";

    internal override Func<CancellationToken, ValueTask<Either<Error, T>>> Build<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        string name,
        string? pipeline) =>
        layer.Apply(operation, key, name, pipeline);
}
