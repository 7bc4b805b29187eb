using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>
/// A <see cref="CircuitBreaker"/> per key (endpoint, tenant, client), each created from one
/// <see cref="CircuitBreakerOptions"/> on the key's first use, at most <see cref="PartitionOptions.MaxPartitions"/> at
/// once; a partition goes only while its breaker is closed, never while open, half-open or isolated (its protection
/// would be lost). Apply it with <c>op.WithCircuitBreaker(breakers, key)</c> (docs/partitioning.md).
/// </summary>
/// <typeparam name="TKey">The partition key.</typeparam>
public sealed class PartitionedCircuitBreaker<TKey> : IPartitionedLayer<TKey>
    where TKey : notnull
{
    /// <summary>A breaker per key.</summary>
    /// <param name="breaker">The settings of every partition's breaker.</param>
    /// <param name="partitions">The bound and the idle timeout.</param>
    /// <param name="comparer">The key comparer; null for the default.</param>
    /// <exception cref="ArgumentNullException"><paramref name="breaker"/> or <paramref name="partitions"/> is null.</exception>
    public PartitionedCircuitBreaker(CircuitBreakerOptions breaker, PartitionOptions partitions, IEqualityComparer<TKey>? comparer = null)
    {
        Options = OptionGuards.NotNull(breaker, nameof(breaker));
        Partitions = new Partitions<TKey, CircuitBreaker>(
            OptionGuards.NotNull(partitions, nameof(partitions)), _ => new CircuitBreaker(breaker), static b => b.State == CircuitState.Closed, comparer);
    }

    /// <summary>The settings of every partition's breaker.</summary>
    public CircuitBreakerOptions Options { get; }

    /// <summary>The partitions: their number, each key's breaker (<see cref="Partitions{TKey, TValue}.Find"/>), a snapshot.</summary>
    public Partitions<TKey, CircuitBreaker> Partitions { get; }

    string IPartitionedLayer<TKey>.Name => Options.Name;

    TimeProvider IPartitionedLayer<TKey>.Clock => Options.TimeProvider;

    string IPartitionedLayer<TKey>.Settings => PartitionLayer.Describe(Partitions.Options, CircuitBreakerPolicy.Describe(Options));

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
            ? CircuitBreakerExtensions.Execute(operation, (CircuitBreaker)found, telemetry, ct)
            : PartitionLayer.Refused<T>((Error)found, telemetry);
    }
}
