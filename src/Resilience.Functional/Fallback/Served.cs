namespace Resilience.Functional;

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
