using System.Globalization;
using System.Security;
using System.Text;

namespace Resilience.Functional.Report;

/// <summary>
/// A standalone SVG bar chart of the ratios to Polly: one bar per measured row that has a Polly row to compare with,
/// a line at 1 (as fast as Polly), fills and fonts as attributes so the file needs no stylesheet or other resource.
/// </summary>
internal static class RatioChart
{
    private const int Width = 880;
    private const int LabelWidth = 380;
    private const int Right = 56;
    private const int Bar = 16;
    private const int Gap = 6;
    private const int Top = 36;
    private const int Bottom = 28;

    /// <summary>The chart's bars: a label and a ratio each, in the order of <paramref name="classes"/> and their rows.</summary>
    public static IReadOnlyList<(string Label, double Ratio)> Bars(IEnumerable<BenchmarkClass> classes) =>
        classes.SelectMany(c => c.Rows
                .Where(static r => r.Method is not (BenchmarkClass.Anchor or "Raw"))
                .Select(r => (Label: Label(c, r), Ratio: c.RatioToAnchor(r))))
            .Where(static b => b.Ratio is not null)
            .Select(static b => (b.Label, b.Ratio!.Value))
            .ToList();

    /// <summary>The SVG document for <paramref name="bars"/>, with <paramref name="title"/> on top.</summary>
    public static string Render(string title, IReadOnlyList<(string Label, double Ratio)> bars)
    {
        var top = Math.Max(1, bars.Count == 0 ? 1 : bars.Max(static b => b.Ratio));
        var plot = Width - LabelWidth - Right;
        var height = Top + (bars.Count * (Bar + Gap)) + Bottom;
        double X(double ratio) => LabelWidth + (ratio / top * plot);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {height}\" width=\"{Width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"12\" role=\"img\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title>{Encode(title)}</title><rect width=\"{Width}\" height=\"{height}\" fill=\"#ffffff\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{LabelWidth}\" y=\"20\" font-weight=\"bold\">{Encode(title)}</text>");
        for (var i = 0; i < bars.Count; i++)
        {
            var (label, ratio) = bars[i];
            var y = Top + (i * (Bar + Gap));
            var fill = ratio <= 1 ? "#2e7d32" : "#c62828";
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{LabelWidth - 8}\" y=\"{y + 12}\" text-anchor=\"end\">{Encode(label)}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{LabelWidth}\" y=\"{y}\" width=\"{Math.Max(1, X(ratio) - LabelWidth):0.#}\" height=\"{Bar}\" fill=\"{fill}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{X(ratio) + 4:0.#}\" y=\"{y + 12}\">{Format(ratio)}</text>");
        }

        var axis = Top + (bars.Count * (Bar + Gap));
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{X(1):0.#}\" y1=\"{Top - 6}\" x2=\"{X(1):0.#}\" y2=\"{axis}\" stroke=\"#333333\" stroke-dasharray=\"4 3\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{X(1):0.#}\" y=\"{axis + 16}\" text-anchor=\"middle\">1 = Polly</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{LabelWidth}\" y=\"{axis + 16}\">0</text>");
        return svg.Append("</svg>\n").ToString();
    }

    /// <summary>A ratio as the tables print it: three decimals under 1, two from 1 on.</summary>
    public static string Format(double ratio) => ratio.ToString(ratio < 1 ? "0.000" : "0.00", CultureInfo.InvariantCulture);

    private static string Label(BenchmarkClass c, BenchmarkRow r)
    {
        var name = c.Name.EndsWith("Benchmarks", StringComparison.Ordinal) ? c.Name[..^"Benchmarks".Length] : c.Name;
        var parameters = string.Join(", ", c.ParameterNames.Zip(r.Parameters, static (n, v) => $"{n}={v}"));
        return parameters.Length == 0 ? $"{name} · {r.Method}" : $"{name} · {r.Method} ({parameters})";
    }

    private static string Encode(string text) => SecurityElement.Escape(text);
}
