namespace Resilience.Functional;

/// <summary>Where a value returned by a tagged fallback came from.</summary>
public enum ServedSource
{
    /// <summary>The primary operation succeeded.</summary>
    Primary,

    /// <summary>A fallback operation or value replaced a failed primary.</summary>
    Fallback,

    /// <summary>A last-known-good cache served a stored success in place of a failed primary.</summary>
    Stale,
}

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

/// <summary>Constructors for <see cref="Served{T}"/>.</summary>
public static class Served
{
    /// <summary>A value from the primary operation.</summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="value">The value.</param>
    public static Served<T> Primary<T>(T value) => new(value, ServedSource.Primary, TimeSpan.Zero);

    /// <summary>A value from a fallback; use it as the value of a further <c>WithFallback</c> on a tagged operation.</summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="value">The value.</param>
    public static Served<T> Fallback<T>(T value) => new(value, ServedSource.Fallback, TimeSpan.Zero);

    /// <summary>A stored value served in place of a failed primary.</summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="value">The value.</param>
    /// <param name="age">How long ago it was stored.</param>
    public static Served<T> Stale<T>(T value, TimeSpan age) => new(value, ServedSource.Stale, age);
}
