using System.Globalization;

namespace Resilience.Functional.DependencyInjection.Configuration;

/// <summary>
/// Reads a duration from configuration text: a <see cref="TimeSpan"/> in the invariant format (<c>00:00:05</c>,
/// <c>1.00:00:00</c>), a number with a unit (<c>250ms</c>, <c>5s</c>, <c>2m</c>, <c>1h</c>, <c>1d</c>; a fraction and a
/// sign are allowed, so a negative value reaches the option's own range check), or <c>infinite</c>.
/// </summary>
public static class ConfigurationDuration
{
    private static readonly (string Unit, double Milliseconds)[] Units =
        [("ms", 1), ("s", 1_000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000)];

    /// <summary>Parses <paramref name="text"/>; see the class summary for the forms.</summary>
    /// <param name="text">The configured text.</param>
    /// <param name="duration">The duration, when the text is one.</param>
    /// <returns>True when <paramref name="text"/> is a duration.</returns>
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        var value = text?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        if (value.Equals("infinite", StringComparison.OrdinalIgnoreCase))
        {
            duration = Timeout.InfiniteTimeSpan;
            return true;
        }

        if (value.Contains(':', StringComparison.Ordinal))
        {
            return TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out duration);
        }

        foreach (var (unit, milliseconds) in Units)
        {
            // "ms" is tried before "s" and "m", so "250ms" is never read as 250 m + "s".
            if (value.EndsWith(unit, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(value[..^unit.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount)
                && double.IsFinite(amount * milliseconds)
                && Math.Abs(amount * milliseconds) <= TimeSpan.MaxValue.TotalMilliseconds)
            {
                duration = TimeSpan.FromMilliseconds(amount * milliseconds);
                return true;
            }
        }

        return false;
    }

    internal static TimeSpan? Read(string? text, SettingPath path) =>
        text is null ? null
        : TryParse(text, out var duration) ? duration
        : throw path.Invalid(text, "not a duration; write \"00:00:05\", \"5s\", \"250ms\", \"2m\", \"1h\", \"1d\" or \"infinite\"");
}
