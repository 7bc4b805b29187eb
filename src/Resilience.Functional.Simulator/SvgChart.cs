using System.Globalization;
using System.Text;

namespace Resilience.Functional.Simulator;

/// <summary>One line of a chart: a name, a colour, and points (x in seconds, y, or null for a gap).</summary>
/// <param name="Name">The legend's name.</param>
/// <param name="Color">A CSS colour.</param>
/// <param name="Points">The points, in x order.</param>
internal sealed record ChartSeries(string Name, string Color, IReadOnlyList<(double X, double? Y)> Points);

/// <summary>Inline SVG line charts over virtual time, written with invariant formatting so the same data gives the same bytes.</summary>
internal static class SvgChart
{
    private const int Width = 880;
    private const int Height = 200;
    private const int Left = 64;
    private const int Right = 12;
    private const int Top = 12;
    private const int Bottom = 28;

    /// <summary>A line chart with a y axis from 0 to <paramref name="yMax"/> (or the data's maximum) and the x axis in minutes.</summary>
    /// <param name="title">The chart's accessible title.</param>
    /// <param name="series">The lines.</param>
    /// <param name="xMax">The end of the x axis, in seconds.</param>
    /// <param name="yMax">The top of the y axis, or null to fit the data.</param>
    /// <param name="yLabel">Formats a y tick.</param>
    /// <param name="yTicks">The y values to label, or null for five even ticks.</param>
    public static string Lines(string title, IReadOnlyList<ChartSeries> series, double xMax, double? yMax, Func<double, string> yLabel, IReadOnlyList<double>? yTicks = null)
    {
        var top = yMax ?? series.SelectMany(s => s.Points).Select(p => p.Y ?? 0).DefaultIfEmpty(0).Max();
        top = top > 0 ? top * (yMax is null ? 1.05 : 1) : 1;
        xMax = xMax > 0 ? xMax : 1;
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        double X(double x) => Left + (x / xMax * plotWidth);
        double Y(double y) => Top + plotHeight - (Math.Clamp(y / top, 0, 1) * plotHeight);

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" role=\"img\"><title>{Html.Encode(title)}</title>");
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left}\" y=\"{Top}\" width=\"{plotWidth}\" height=\"{plotHeight}\" class=\"plot\"/>");
        foreach (var tick in yTicks ?? Enumerable.Range(0, 5).Select(i => top * i / 4).ToList())
        {
            var y = F(Y(tick));
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{y}\" y2=\"{y}\" class=\"grid\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{y}\" class=\"ylabel\">{Html.Encode(yLabel(tick))}</text>");
        }

        var minutes = xMax / 60;
        var step = minutes <= 2 ? 0.25 : minutes <= 10 ? 1 : minutes <= 30 ? 5 : minutes <= 120 ? 15 : 60;
        for (var m = 0.0; m <= minutes + 1e-9; m += step)
        {
            var x = F(X(m * 60));
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x}\" x2=\"{x}\" y1=\"{Top}\" y2=\"{Height - Bottom}\" class=\"grid\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x}\" y=\"{Height - 8}\" class=\"xlabel\">{F(m)} min</text>");
        }

        foreach (var line in series)
        {
            var segment = new List<string>();
            void Flush()
            {
                if (segment.Count > 0)
                {
                    svg.Append(CultureInfo.InvariantCulture, $"<polyline points=\"{string.Join(' ', segment)}\" stroke=\"{line.Color}\"><title>{Html.Encode(line.Name)}</title></polyline>");
                    segment.Clear();
                }
            }

            foreach (var (x, y) in line.Points)
            {
                if (y is { } value)
                {
                    segment.Add($"{F(X(x))},{F(Y(value))}");
                }
                else
                {
                    Flush();
                }
            }

            Flush();
        }

        return svg.Append("</svg>").ToString();
    }

    private static string F(double value) => Math.Round(value, 1).ToString("0.#", CultureInfo.InvariantCulture);
}
