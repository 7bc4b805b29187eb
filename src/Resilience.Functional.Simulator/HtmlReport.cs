using System.Globalization;
using System.Text;

namespace Resilience.Functional.Simulator;

/// <summary>
/// The self-contained HTML report: the comparison table, then per scenario four charts over virtual time (success
/// rate, downstream load, breaker state, p99 latency; and the concurrency limit where one adapts) with one line per
/// pipeline. Inline CSS and SVG only: no scripts, no external resources, so it opens offline and the same runs give the
/// same bytes.
/// </summary>
internal static class HtmlReport
{
    private static readonly string[] Palette = ["#7f7f7f", "#d62728", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#2ca02c", "#1f77b4", "#17becf"];

    private static readonly string[] BreakerStates = [nameof(CircuitState.Closed), nameof(CircuitState.HalfOpen), nameof(CircuitState.Open), nameof(CircuitState.Isolated)];

    private const string Style = """
        body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;max-width:960px;color:#222;line-height:1.4}
        h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2.5rem;border-bottom:1px solid #ddd}h3{font-size:1rem;margin:1.2rem 0 .2rem}
        table{border-collapse:collapse;font-size:.85rem;margin:.5rem 0}th,td{padding:.2rem .6rem;border-bottom:1px solid #eee;text-align:right}
        th:nth-child(-n+2),td:nth-child(-n+2){text-align:left}tr.standard td{font-weight:600;color:#1b7a1b}
        svg{display:block;max-width:100%;height:auto}.plot{fill:#fafafa;stroke:#ccc}.grid{stroke:#e4e4e4}
        polyline{fill:none;stroke-width:1.5;stroke-linejoin:round}
        .ylabel{font-size:11px;text-anchor:end;dominant-baseline:middle;fill:#555}.xlabel{font-size:11px;text-anchor:middle;fill:#555}
        .legend{display:flex;flex-wrap:wrap;gap:.3rem 1rem;font-size:.85rem;margin:.4rem 0}.swatch{display:inline-block;width:1.2rem;height:.3rem;vertical-align:middle;margin-right:.3rem}
        dt{font-weight:600}dd{margin:0 0 .5rem 1rem}.note{color:#555;font-size:.9rem}
        """;

    /// <summary>The report for <paramref name="runs"/>, made with <paramref name="settings"/>.</summary>
    public static string Render(SimulatorSettings settings, IReadOnlyList<RunResult> runs)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>Resilience.Functional simulation</title>\n<style>\n").Append(Style).Append("\n</style>\n</head>\n<body>\n")
            .Append("<h1>Resilience.Functional simulation</h1>\n")
            .Append(CultureInfo.InvariantCulture, $"<p class=\"note\">Seed {settings.Seed}, {Durations.Format(settings.Duration)} of virtual time per scenario, {settings.Rate.ToString("0.##", CultureInfo.InvariantCulture)} requests per second (Poisson). Every run is deterministic: the same seed gives this same report.</p>\n")
            .Append("<h2>Comparison</h2>\n").Append(Table(runs))
            .Append("<p class=\"note\">Success: requests that got a reply. p50/p99: latency the caller saw, failures included. Load ×: downstream calls per request. Rejected: requests shed by a policy (open circuit, rate limit, retry budget). Timed out: requests that ended with a timeout.</p>\n");

        var pipelines = runs.Select(r => r.Pipeline).Distinct().ToList();
        var colors = pipelines.Select((p, i) => (p, Palette[i % Palette.Length])).ToDictionary(x => x.p, x => x.Item2, StringComparer.Ordinal);
        foreach (var scenario in runs.Select(r => r.Scenario).Distinct())
        {
            var cells = runs.Where(r => r.Scenario == scenario).ToList();
            html.Append(CultureInfo.InvariantCulture, $"<h2 id=\"{Html.Encode(scenario)}\">Scenario: {Html.Encode(scenario)}</h2>\n")
                .Append(CultureInfo.InvariantCulture, $"<p>{Html.Encode(ScenarioCatalog.Describe(scenario, settings.Duration))}</p>\n")
                .Append(Legend(cells, colors));
            Charts(html, cells, colors, settings.Duration.TotalSeconds);
        }

        html.Append("<h2>Pipelines</h2>\n<dl>\n");
        foreach (var pipeline in pipelines)
        {
            html.Append(CultureInfo.InvariantCulture, $"<dt><span class=\"swatch\" style=\"background:{colors[pipeline]}\"></span>{Html.Encode(pipeline)}</dt><dd>{Html.Encode(PipelineCatalog.Describe(pipeline))}</dd>\n");
        }

        return html.Append("</dl>\n</body>\n</html>\n").ToString();
    }

    /// <summary>Writes the report to <paramref name="path"/> (UTF-8, no byte-order mark) and returns the full path.</summary>
    public static string Write(string path, SimulatorSettings settings, IReadOnlyList<RunResult> runs)
    {
        var full = Path.GetFullPath(path);
        if (Path.GetDirectoryName(full) is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllText(full, Render(settings, runs), new UTF8Encoding(false));
        return full;
    }

    private static string Table(IReadOnlyList<RunResult> runs)
    {
        var table = new StringBuilder("<table>\n<thead><tr>");
        foreach (var header in ComparisonTable.Headers)
        {
            table.Append(CultureInfo.InvariantCulture, $"<th>{Html.Encode(header)}</th>");
        }

        table.Append("</tr></thead>\n<tbody>\n");
        var rows = ComparisonTable.Rows(runs);
        for (var i = 0; i < rows.Count; i++)
        {
            table.Append(runs[i].Pipeline == "standard" ? "<tr class=\"standard\">" : "<tr>");
            foreach (var cell in rows[i])
            {
                table.Append(CultureInfo.InvariantCulture, $"<td>{Html.Encode(cell)}</td>");
            }

            table.Append("</tr>\n");
        }

        return table.Append("</tbody>\n</table>\n").ToString();
    }

    private static string Legend(IReadOnlyList<RunResult> cells, IReadOnlyDictionary<string, string> colors)
    {
        var legend = new StringBuilder("<div class=\"legend\">");
        foreach (var cell in cells)
        {
            legend.Append(CultureInfo.InvariantCulture, $"<span><span class=\"swatch\" style=\"background:{colors[cell.Pipeline]}\"></span>{Html.Encode(cell.Pipeline)}</span>");
        }

        return legend.Append("</div>\n").ToString();
    }

    private static void Charts(StringBuilder html, IReadOnlyList<RunResult> cells, IReadOnlyDictionary<string, string> colors, double xMax)
    {
        ChartSeries Series(RunResult run, Func<TimeBucket, double, double?> value) => new(run.Pipeline, colors[run.Pipeline], Points(run.Result.Timeline, xMax, value));
        void Chart(string heading, string title, IReadOnlyList<ChartSeries> series, double? yMax, Func<double, string> yLabel, IReadOnlyList<double>? yTicks = null) =>
            html.Append(CultureInfo.InvariantCulture, $"\n<h3>{Html.Encode(heading)}</h3>\n").Append(SvgChart.Lines(title, series, xMax, yMax, yLabel, yTicks)).Append('\n').Append(Overlapping(series, yMax));

        Chart("Success rate (requests completing in each interval)", "Success rate", [.. cells.Select(c => Series(c, (b, _) => b.SuccessRate * 100))], 100, v => Number(v) + " %");
        Chart("Downstream load (calls per second)", "Downstream load", [.. cells.Select(c => Series(c, (b, seconds) => b.DownstreamCalls / seconds))], null, Number);

        var withBreaker = cells.Where(c => c.Result.Probes.ContainsKey("breaker")).ToList();
        if (withBreaker.Count == 0)
        {
            html.Append("\n<h3>Circuit breaker state</h3>\n<p class=\"note\">No pipeline here has a circuit breaker.</p>\n");
        }
        else
        {
            Chart(
                "Circuit breaker state",
                "Circuit breaker state",
                [.. withBreaker.Select(c => StepSeries(c, "breaker", colors[c.Pipeline], xMax, static v => Math.Max(0, Array.IndexOf(BreakerStates, v))))],
                BreakerStates.Length - 1,
                v => BreakerStates[Math.Clamp((int)Math.Round(v), 0, BreakerStates.Length - 1)],
                [0, 1, 2, 3]);
        }

        var withLimit = cells.Where(c => c.Result.Probes.ContainsKey("limit")).ToList();
        if (withLimit.Count > 0)
        {
            Chart("Concurrency limit (slots)", "Concurrency limit", [.. withLimit.Select(c => StepSeries(c, "limit", colors[c.Pipeline], xMax, static v => double.Parse(v, CultureInfo.InvariantCulture)))], null, Number);
        }

        Chart("p99 latency (ms, requests completing in each interval)", "p99 latency", [.. cells.Select(c => Series(c, (b, _) => b.Completed == 0 ? null : b.Latency.P99.TotalMilliseconds))], null, Number);
    }

    /// <summary>
    /// One point per interval of <paramref name="timeline"/> that begins before <paramref name="xMax"/> (the end of the
    /// traffic), at the middle of its part before <paramref name="xMax"/>; <paramref name="value"/> gets the bucket and the
    /// length of that part in seconds, so a rate over a last, partial interval is not diluted by the time after it.
    /// The drain after the traffic is left out.
    /// </summary>
    internal static IReadOnlyList<(double X, double? Y)> Points(IReadOnlyList<TimeBucket> timeline, double xMax, Func<TimeBucket, double, double?> value) =>
        [.. from b in timeline
            let start = b.Start.TotalSeconds
            where start < xMax
            let seconds = Math.Min(b.Size.TotalSeconds, xMax - start)
            select (start + (seconds / 2), value(b, seconds))];

    /// <summary>A note naming the lines of a chart that run together (drawn in alternating dashes), or nothing.</summary>
    private static string Overlapping(IReadOnlyList<ChartSeries> series, double? yMax)
    {
        var groups = SvgChart.Overlapping(series, yMax);
        return groups.Count == 0
            ? string.Empty
            : $"<p class=\"note\">Lines that run together, drawn in alternating dashes: {Html.Encode(string.Join("; ", groups.Select(g => string.Join(", ", g))))}.</p>\n";
    }

    private static string Number(double value) => value.ToString("#,0.##", CultureInfo.InvariantCulture);

    /// <summary>
    /// A probe (the breaker's state, a concurrency limit) as a step line, from its exact change times (not bucketed, so
    /// short half-open probes show).
    /// </summary>
    private static ChartSeries StepSeries(RunResult run, string probe, string color, double xMax, Func<string, double> value)
    {
        var points = new List<(double X, double? Y)>();
        double? last = null;
        foreach (var sample in run.Result.Probes[probe])
        {
            var y = value(sample.Value);
            var x = Math.Min(sample.At.TotalSeconds, xMax);
            if (last is { } previous)
            {
                points.Add((x, previous));
            }

            points.Add((x, y));
            last = y;
        }

        if (last is { } final)
        {
            points.Add((xMax, final));
        }

        return new ChartSeries(run.Pipeline, color, points);
    }
}
