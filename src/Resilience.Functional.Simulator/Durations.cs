using System.Globalization;

namespace Resilience.Functional.Simulator;

/// <summary>Durations as people write them: <c>500 ms</c>, <c>3.98 s</c>, <c>10 min</c>, <c>1 min 30 s</c>, <c>5 h 50 min</c>.</summary>
internal static class Durations
{
    /// <summary>
    /// <paramref name="duration"/> in milliseconds under a second, in seconds (two decimals at most) under a minute,
    /// else in hours, minutes and seconds, leaving out the parts that are zero.
    /// </summary>
    public static string Format(TimeSpan duration)
    {
        if (duration < TimeSpan.FromSeconds(1))
        {
            return duration.TotalMilliseconds.ToString(duration.TotalMilliseconds >= 1 ? "0" : "0.###", CultureInfo.InvariantCulture) + " ms";
        }

        var seconds = Math.Round(duration.TotalSeconds, 2);
        if (seconds < 60)
        {
            return seconds.ToString("0.##", CultureInfo.InvariantCulture) + " s";
        }

        var hours = Math.Floor(seconds / 3600);
        var minutes = Math.Floor((seconds - (hours * 3600)) / 60);
        var rest = Math.Round(seconds - (hours * 3600) - (minutes * 60), 2);
        IEnumerable<string> parts =
        [
            .. hours > 0 ? [hours.ToString("0", CultureInfo.InvariantCulture) + " h"] : Array.Empty<string>(),
            .. minutes > 0 ? [minutes.ToString("0", CultureInfo.InvariantCulture) + " min"] : Array.Empty<string>(),
            .. rest > 0 ? [rest.ToString("0.##", CultureInfo.InvariantCulture) + " s"] : Array.Empty<string>(),
        ];
        return string.Join(' ', parts);
    }
}
