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
