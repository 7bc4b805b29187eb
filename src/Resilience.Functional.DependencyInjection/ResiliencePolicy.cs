using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional.DependencyInjection;

/// <summary>
/// A named policy registered in DI: a live handle on its current pipeline. An operation wrapped with
/// <see cref="Wrap{T}"/> runs each call through the pipeline current when the call starts, so a configuration reload
/// takes effect for new calls while calls in flight finish on the pipeline they started with. Resolve it from
/// <see cref="ResiliencePolicyRegistry"/> or as a keyed service (<c>[FromKeyedServices("orders")] ResiliencePolicy</c>).
/// </summary>
public sealed class ResiliencePolicy
{
    private PolicyGeneration generation;
    private string? lastReloadError;

    internal ResiliencePolicy(string name, string? configurationPath, PolicyGeneration first)
    {
        Name = name;
        ConfigurationPath = configurationPath;
        generation = first;
    }

    /// <summary>The policy's name, also its pipeline's telemetry name (<c>resilience.pipeline.name</c>).</summary>
    public string Name { get; }

    /// <summary>The configuration section the policy is bound to and reloads from, or null for a policy built in code.</summary>
    public string? ConfigurationPath { get; }

    /// <summary>The current pipeline, a value: wrapping with it (rather than <see cref="Wrap{T}"/>) pins this version.</summary>
    public Policy Current => Volatile.Read(ref generation).Policy;

    /// <summary>The version of <see cref="Current"/>: 1 when first built, one more after each accepted reload.</summary>
    public long Generation => Volatile.Read(ref generation).Number;

    /// <summary>The stateful parts of <see cref="Current"/> (breakers, bulkheads, token buckets, retry budgets).</summary>
    public IReadOnlyList<ResiliencePart> Parts => Volatile.Read(ref generation).Parts;

    /// <summary>Why the last reload was rejected (the key, the reason, the value), or null when it was accepted.</summary>
    public string? LastReloadError => Volatile.Read(ref lastReloadError);

    /// <summary>
    /// <paramref name="operation"/> under this policy, following reloads: each call uses the pipeline current when it
    /// starts. On a call without a reload since the previous one this costs one read and one comparison.
    /// </summary>
    /// <typeparam name="T">The type of the success value.</typeparam>
    /// <param name="operation">The operation to protect.</param>
    /// <exception cref="ArgumentNullException"><paramref name="operation"/> is null.</exception>
    public Func<CancellationToken, ValueTask<Either<Error, T>>> Wrap<T>(Func<CancellationToken, ValueTask<Either<Error, T>>> operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return new Following<T>(this, operation).Invoke;
    }

    internal PolicyGeneration Snapshot => Volatile.Read(ref generation);

    internal void Accept(PolicyGeneration next)
    {
        Volatile.Write(ref generation, next);
        Volatile.Write(ref lastReloadError, null);
    }

    internal void Reject(string error) => Volatile.Write(ref lastReloadError, error);

    private sealed class Following<T>(ResiliencePolicy owner, Func<CancellationToken, ValueTask<Either<Error, T>>> operation)
    {
        private Built? built;

        public ValueTask<Either<Error, T>> Invoke(CancellationToken cancellationToken)
        {
            var current = Volatile.Read(ref owner.generation);
            var cached = Volatile.Read(ref built);
            if (cached is null || !ReferenceEquals(cached.Generation, current))
            {
                // Two racing calls may both build; either result is the same pipeline over the same parts.
                cached = new Built(current, current.Policy.Wrap(operation));
                Volatile.Write(ref built, cached);
            }

            return cached.Protected(cancellationToken);
        }

        private sealed record Built(PolicyGeneration Generation, Func<CancellationToken, ValueTask<Either<Error, T>>> Protected);
    }
}
