namespace Resilience.Functional;

/// <summary>
/// A value together with where it came from: what the <c>…Tagged</c> fallback combinators return, so that a caller
/// who asks can tell a degraded answer from a fresh one. A struct: tagging costs no allocation.
/// </summary>
/// <typeparam name="T">The type of the value.</typeparam>
/// <param name="Value">The value.</param>
/// <param name="Source">Where the value came from.</param>
/// <param name="Age">How old the value was when served: zero unless <paramref name="Source"/> is <see cref="ServedSource.Stale"/>.</param>
public readonly record struct Served<T>(T Value, ServedSource Source, TimeSpan Age)
{
    /// <summary>Whether the value came from the primary operation.</summary>
    public bool IsPrimary => Source == ServedSource.Primary;
}
