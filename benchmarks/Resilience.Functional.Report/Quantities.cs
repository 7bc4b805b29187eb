using System.Globalization;

namespace Resilience.Functional.Report;

/// <summary>BenchmarkDotNet's formatted cells back to numbers: times to nanoseconds, sizes to bytes.</summary>
internal static class Quantities
{
    /// <summary>"1,703.785 ns", "2.5 μs", "3 ms", "1.2 s" in nanoseconds; null for "NA", "?" or an empty cell.</summary>
    /// <exception cref="FormatException">The cell is neither a time nor a missing value.</exception>
    public static double? Nanoseconds(string cell) =>
        Scaled(cell, static unit => unit switch
        {
            "ns" => 1,
            "μs" or "µs" or "us" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            _ => null,
        });

    /// <summary>"0 B", "448 B", "1.2 KB", "3 MB" in bytes ("-" is BenchmarkDotNet's zero); null for "NA" or empty.</summary>
    /// <exception cref="FormatException">The cell is neither a size nor a missing value.</exception>
    public static double? Bytes(string cell) =>
        cell.Trim() == "-"
            ? 0
            : Scaled(cell, static unit => unit switch
            {
                "B" => 1,
                "KB" => 1024,
                "MB" => 1024d * 1024,
                "GB" => 1024d * 1024 * 1024,
                _ => null,
            });

    private static double? Scaled(string cell, Func<string, double?> factor)
    {
        var text = cell.Trim();
        if (text is "" or "NA" or "?" or "N/A")
        {
            return null;
        }

        var space = text.LastIndexOf(' ');
        var scale = space < 0 ? null : factor(text[(space + 1)..]);
        return scale is { } f && double.TryParse(text[..space], NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var value)
            ? value * f
            : throw new FormatException($"'{cell}' is not a value with a known unit.");
    }
}
