using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>
/// A reusable resilience layer that applies to an operation of any success type: a value built once (from the
/// factories on this class) and wrapped around as many operations as needed. Policies compose outermost-first with
/// <see cref="Pipeline"/>, so a pipeline reads like the path of a request, and a composed policy is again a policy.
/// </summary>
/// <remarks>
/// A policy holds no per-operation state; the stateful objects it was built from (breaker, bulkhead, bucket, retry
/// budget) are shared by every operation it wraps. A policy is only a name plus the combinator: its layers report
/// their telemetry themselves, under the policy's <see cref="Name"/>, exactly as the operation-first combinators do
/// under their options' <c>Name</c> (docs/telemetry.md).
/// </remarks>
public abstract partial class Policy
{
    private protected Policy(string name) => Name = RequireName(name);

    /// <summary>The name, used in <see cref="Describe"/> and as the <c>resilience.policy.name</c> telemetry tag.</summary>
    public string Name { get; }

    /// <summary>Applies this policy to <paramref name="operation"/>.</summary>
    /// <typeparam name="T">The type of the success value.</typeparam>
    /// <param name="operation">The operation to protect.</param>
    /// <returns>The protected operation; it behaves exactly as the operation-first combinators of the same layers.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="operation"/> is null.</exception>
    public Func<CancellationToken, ValueTask<Either<Error, T>>> Wrap<T>(Func<CancellationToken, ValueTask<Either<Error, T>>> operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return Build(operation, Name, pipeline: null);
    }

    /// <summary>This policy under another name (the name its layer reports under, and its description); the behaviour is the same.</summary>
    /// <param name="name">The new name; not empty.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null, empty or white space.</exception>
    public Policy Named(string name) => new NamedPolicy(this, name);

    /// <summary>The policy as text: its name and settings; a pipeline lists its layers outermost first, one per line.</summary>
    public string Describe() => DescribeAs(Name, string.Empty);

    /// <summary>The same as <see cref="Describe"/>.</summary>
    public override string ToString() => Describe();

    /// <summary>The layer's combinator applied to <paramref name="operation"/>, reporting under <paramref name="name"/>,
    /// inside the pipeline named <paramref name="pipeline"/> if any.</summary>
    internal abstract Func<CancellationToken, ValueTask<Either<Error, T>>> Build<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        string name,
        string? pipeline);

    internal abstract string Settings { get; }

    /// <summary>The clock the layer measures on; null for a layer without one (a fallback).</summary>
    internal virtual TimeProvider? Clock => null;

    internal virtual string DescribeAs(string name, string indent) => $"{name}: {Settings}";

    private static string RequireName(string name) =>
        string.IsNullOrWhiteSpace(name)
            ? throw new ArgumentException("A policy name must be a non-empty text.", nameof(name))
            : name;

    private sealed class NamedPolicy(Policy inner, string name) : Policy(name)
    {
        internal override string Settings => inner.Settings;

        internal override TimeProvider? Clock => inner.Clock;

        internal override Func<CancellationToken, ValueTask<Either<Error, T>>> Build<T>(
            Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
            string name,
            string? pipeline) => inner.Build(operation, name, pipeline);

        internal override string DescribeAs(string name, string indent) => inner.DescribeAs(name, indent);
    }
}
