using System.Globalization;
using System.Text;

namespace Resilience.Functional.Simulator;

/// <summary>Inline SVG line charts over virtual time, written with invariant formatting so the same data gives the same bytes.</summary>
internal static class SvgChart
{
    private const int Width = 880;
    private const int Height = 200;
    private const int Left = 64;
    private const int Right = 12;
    private const int Top = 12;
    private const int Bottom = 28;

    /// <summary>
    /// A line chart with a y axis from 0 to <paramref name="yMax"/> (or a round number just above the data's maximum)
    /// and the x axis in minutes. Lines that run together (the same pixel at half their points or more) are drawn in
    /// alternating dashes, each in its own phase, so that every colour shows along the shared line instead of the last
    /// one hiding the others (offsetting them would draw values that were not measured); <see cref="Overlapping"/>
    /// names them for a note.
    /// </summary>
    /// <param name="title">The chart's accessible title.</param>
    /// <param name="series">The lines.</param>
    /// <param name="xMax">The end of the x axis, in seconds.</param>
    /// <param name="yMax">The top of the y axis, or null to fit the data.</param>
    /// <param name="yLabel">Formats a y tick.</param>
    /// <param name="yTicks">The y values to label, or null for round ticks (1, 2 or 5 × 10^k apart).</param>
    public static string Lines(string title, IReadOnlyList<ChartSeries> series, double xMax, double? yMax, Func<double, string> yLabel, IReadOnlyList<double>? yTicks = null)
    {
        var (top, step) = Scale(series, yMax);
        xMax = xMax > 0 ? xMax : 1;
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        double X(double x) => Left + (x / xMax * plotWidth);
        double Y(double y) => PixelY(y, top);

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" role=\"img\"><title>{Html.Encode(title)}</title>");
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left}\" y=\"{Top}\" width=\"{plotWidth}\" height=\"{plotHeight}\" class=\"plot\"/>");
        foreach (var tick in yTicks ?? Ticks(top, step))
        {
            var y = F(Y(tick));
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{y}\" y2=\"{y}\" class=\"grid\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{y}\" class=\"ylabel\">{Html.Encode(yLabel(tick))}</text>");
        }

        var minutes = xMax / 60;
        var xStep = minutes <= 2 ? 0.25 : minutes <= 10 ? 1 : minutes <= 30 ? 5 : minutes <= 120 ? 15 : 60;
        for (var m = 0.0; m <= minutes + 1e-9; m += xStep)
        {
            var x = X(m * 60);
            var label = $"{F(m)} min";

            // A label centred near the right edge would run past the viewBox and be cut: end it at its tick instead.
            var anchor = x + (LabelWidth(label) / 2) > Width ? " text-anchor=\"end\"" : string.Empty;
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(x)}\" x2=\"{F(x)}\" y1=\"{Top}\" y2=\"{Height - Bottom}\" class=\"grid\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(x)}\" y=\"{Height - 8}\" class=\"xlabel\"{anchor}>{label}</text>");
        }

        var dashes = Dashes(series, yMax);
        for (var i = 0; i < series.Count; i++)
        {
            var line = series[i];
            var segment = new List<string>();
            void Flush()
            {
                if (segment.Count > 0)
                {
                    svg.Append(CultureInfo.InvariantCulture, $"<polyline points=\"{string.Join(' ', segment)}\" stroke=\"{line.Color}\"{dashes[i]}><title>{Html.Encode(line.Name)}</title></polyline>");
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

    /// <summary>The groups of lines that <see cref="Lines"/> draws in alternating dashes, by name, in series order.</summary>
    /// <param name="series">The lines.</param>
    /// <param name="yMax">The top of the y axis, or null to fit the data, as given to <see cref="Lines"/>.</param>
    public static IReadOnlyList<IReadOnlyList<string>> Overlapping(IReadOnlyList<ChartSeries> series, double? yMax) =>
        [.. Groups(series, yMax).Where(g => g.Count > 1).Select(g => (IReadOnlyList<string>)[.. g.Select(i => series[i].Name)])];

    /// <summary>The distance between y ticks: 1, 2 or 5 × 10^k, about a fifth of <paramref name="range"/>.</summary>
    internal static double NiceStep(double range)
    {
        if (!(range > 0) || !double.IsFinite(range))
        {
            return 1;
        }

        var raw = range / 5;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var fraction = raw / magnitude;
        return (fraction <= 1 + 1e-9 ? 1 : fraction <= 2 + 1e-9 ? 2 : fraction <= 5 + 1e-9 ? 5 : 10) * magnitude;
    }

    /// <summary>The top of the y axis and the distance between its ticks: the data's maximum rounded up to a tick, unless given.</summary>
    private static (double Top, double Step) Scale(IReadOnlyList<ChartSeries> series, double? yMax)
    {
        var dataMax = series.SelectMany(s => s.Points).Select(p => p.Y ?? 0).DefaultIfEmpty(0).Max();
        var step = NiceStep(yMax ?? dataMax);
        return (yMax is { } top && top > 0 ? top : Math.Max(step, Math.Ceiling((dataMax / step) - 1e-9) * step), step);
    }

    private static double PixelY(double y, double top) => Top + (Height - Top - Bottom) - (Math.Clamp(y / top, 0, 1) * (Height - Top - Bottom));

    /// <summary>0, <paramref name="step"/>, 2 × <paramref name="step"/>, … up to <paramref name="top"/>, each rounded to the step's precision.</summary>
    private static List<double> Ticks(double top, double step)
    {
        var decimals = Math.Max(0, (int)-Math.Floor(Math.Log10(step)));
        return [.. Enumerable.Range(0, (int)Math.Floor((top / step) + 1e-9) + 1).Select(k => Math.Round(k * step, decimals))];
    }

    /// <summary>About 6 px per character at the labels' 11 px font, generous for digits.</summary>
    private static double LabelWidth(string label) => label.Length * 6.5;

    /// <summary>
    /// A dash pattern for each line that runs with others: dashes of 8 px, the gap room for the other lines' dashes,
    /// each line shifted by its place in the group; nothing for a line of its own.
    /// </summary>
    private static string[] Dashes(IReadOnlyList<ChartSeries> series, double? yMax)
    {
        const int Dash = 8;
        var dashes = new string[series.Count];
        Array.Fill(dashes, string.Empty);
        foreach (var group in Groups(series, yMax).Where(g => g.Count > 1))
        {
            for (var k = 0; k < group.Count; k++)
            {
                dashes[group[k]] = string.Create(CultureInfo.InvariantCulture, $" stroke-dasharray=\"{Dash} {Dash * (group.Count - 1)}\" stroke-dashoffset=\"{-Dash * k}\"");
            }
        }

        return dashes;
    }

    /// <summary>
    /// The indexes of <paramref name="series"/> grouped by running together: two lines of as many points do when at
    /// least half of them land on the same pixel as the other's point of the same index (and a line that runs with a
    /// member of a group joins it). Groups in order of their first line.
    /// </summary>
    private static List<List<int>> Groups(IReadOnlyList<ChartSeries> series, double? yMax)
    {
        var (top, _) = Scale(series, yMax);
        var pixels = series.Select(s => s.Points.Select(p => p.Y is { } y ? F(p.X) + "," + F(PixelY(y, top)) : null).ToList()).ToList();
        bool Together(int a, int b)
        {
            var n = pixels[a].Count;
            return n > 0 && n == pixels[b].Count && Enumerable.Range(0, n).Count(i => pixels[a][i] is { } p && p == pixels[b][i]) * 2 >= n;
        }

        var groups = new List<List<int>>();
        for (var i = 0; i < series.Count; i++)
        {
            var joined = groups.Where(g => g.Any(j => Together(i, j))).ToList();
            var group = joined.SelectMany(g => g).Append(i).Order().ToList();
            groups.RemoveAll(joined.Contains);
            groups.Add(group);
        }

        return [.. groups.OrderBy(g => g[0])];
    }

    private static string F(double value) => Math.Round(value, 1).ToString("0.#", CultureInfo.InvariantCulture);
}
