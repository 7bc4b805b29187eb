using System.Globalization;
using System.Text.RegularExpressions;

namespace Resilience.Functional.Simulator.Tests;

/// <summary>The report's charts, read back from the SVG.</summary>
public class ChartTests(ShortMatrix matrix) : IClassFixture<ShortMatrix>
{
    private const double ViewWidth = 880;
    private const double PlotRight = 868;
    private const double PlotBottom = 172;

    [Fact]
    public void Y_ticks_are_round_numbers_one_two_or_five_times_a_power_of_ten_apart()
    {
        var html = HtmlReport.Render(ShortMatrix.Settings, matrix.Runs);
        var charts = Svgs(html).Where(svg => !svg.Contains("<title>Circuit breaker state</title>", StringComparison.Ordinal)).ToList();

        Assert.Equal(18, charts.Count);
        foreach (var svg in charts)
        {
            var ticks = Regex.Matches(svg, "class=\"ylabel\">([^<]*)</text>").Select(m => double.Parse(m.Groups[1].Value.TrimEnd(' ', '%'), NumberStyles.Number, CultureInfo.InvariantCulture)).ToList();
            Assert.True(ticks.Count >= 3, svg);
            Assert.Equal(0, ticks[0]);
            var step = ticks[1];
            Assert.Contains(step / Math.Pow(10, Math.Floor(Math.Log10(step))), new[] { 1.0, 2, 5 });
            Assert.All(ticks.Select((t, i) => (t, i)), x => Assert.Equal(x.i * step, x.t, 9));
        }

        Assert.Equal([0, 20, 40, 60, 80], YTicks(SvgChart.Lines("load", [Series("a", 12, 77, 40)], 60, null, v => v.ToString(CultureInfo.InvariantCulture))));
        Assert.Equal([0, 20, 40, 60, 80, 100], YTicks(SvgChart.Lines("rate", [Series("a", 90, 100)], 60, 100, v => v.ToString(CultureInfo.InvariantCulture))));
        Assert.Equal([0, 0.5, 1, 1.5], YTicks(SvgChart.Lines("small", [Series("a", 0.2, 1.3)], 60, null, v => v.ToString(CultureInfo.InvariantCulture))));
    }

    [Fact]
    public void The_last_x_label_stays_inside_the_view_box()
    {
        foreach (var svg in Svgs(HtmlReport.Render(ShortMatrix.Settings, matrix.Runs)).Append(SvgChart.Lines("ten minutes", [Series("a", 1, 2)], 600, null, v => v.ToString(CultureInfo.InvariantCulture))))
        {
            var last = Regex.Matches(svg, "<text x=\"([0-9.]+)\" y=\"[0-9.]+\" class=\"xlabel\"( text-anchor=\"end\")?>([^<]*)</text>")[^1];
            var x = double.Parse(last.Groups[1].Value, CultureInfo.InvariantCulture);
            var width = last.Groups[3].Value.Length * 6.5;
            var right = last.Groups[2].Success ? x : x + (width / 2);
            Assert.True(right <= ViewWidth, $"'{last.Groups[3].Value}' ends at {right}");
        }
    }

    [Fact]
    public void Lines_that_run_together_are_dashed_each_in_its_own_phase_and_named_under_the_chart()
    {
        var svg = SvgChart.Lines("same", [Series("a", 1, 2, 3, 4), Series("b", 5, 5, 5, 5), Series("c", 1, 2, 3, 4), Series("d", 1, 2, 3, 9)], 60, null, v => v.ToString(CultureInfo.InvariantCulture));
        var dashes = Regex.Matches(svg, "<polyline points=\"[^\"]*\" stroke=\"[^\"]*\"(?: stroke-dasharray=\"([^\"]*)\" stroke-dashoffset=\"([^\"]*)\")?><title>([^<]*)</title>")
            .ToDictionary(m => m.Groups[3].Value, m => m.Groups[1].Success ? (m.Groups[1].Value, m.Groups[2].Value) : default);

        Assert.Equal(("8 16", "0"), dashes["a"]);
        Assert.Equal(default, dashes["b"]);
        Assert.Equal(("8 16", "-8"), dashes["c"]);
        Assert.Equal(("8 16", "-16"), dashes["d"]);

        // In the short matrix's flaky scenario five of the seven success-rate lines sit at 100 % together.
        var html = HtmlReport.Render(ShortMatrix.Settings, matrix.Runs);
        var flaky = Svgs(html).First(s => s.Contains("<title>Success rate</title>", StringComparison.Ordinal));
        var phases = Regex.Matches(flaky, "stroke-dashoffset=\"([^\"]*)\"><title>([^<]*)</title>").Select(m => (m.Groups[2].Value, m.Groups[1].Value)).Distinct().ToList();
        Assert.True(phases.Count >= 2, flaky);
        Assert.Equal(phases.Count, phases.Select(p => p.Item2).Distinct().Count());
    }

    [Fact]
    public void The_lines_that_run_together_are_named_under_their_chart()
    {
        Assert.Equal([["a", "c", "d"]], SvgChart.Overlapping([Series("a", 1, 2, 3, 4), Series("b", 5, 5, 5, 5), Series("c", 1, 2, 3, 4), Series("d", 1, 2, 3, 9)], null));
        Assert.Empty(SvgChart.Overlapping([Series("a", 1, 2, 3, 4), Series("b", 1, 5, 5, 5)], null));
        Assert.Contains(
            "<p class=\"note\">Lines that run together, drawn in alternating dashes: retry-no-backoff, retry-every-layer, retry-permanent, no-timeout, standard.</p>",
            HtmlReport.Render(ShortMatrix.Settings, matrix.Runs),
            StringComparison.Ordinal);
    }

    [Fact]
    public void Every_point_lies_within_the_traffic_and_a_last_partial_interval_is_scaled_by_its_length()
    {
        // 605 s in intervals of 3 s: the last one, from 603 s, has 2 s of traffic.
        var settings = new SimulatorSettings { Scenarios = ["flaky"], Pipelines = ["none"], Duration = TimeSpan.FromSeconds(605), Rate = 100, Seed = 3 };
        var runs = RunMatrix.RunAll(settings);
        Assert.Equal(TimeSpan.FromSeconds(3), runs[0].Result.Timeline[0].Size);

        var load = Svgs(HtmlReport.Render(settings, runs)).First(s => s.Contains("<title>Downstream load</title>", StringComparison.Ordinal));
        var points = Regex.Match(load, "<polyline points=\"([^\"]*)\"").Groups[1].Value.Split(' ')
            .Select(p => p.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToList();
        Assert.All(points, p => Assert.InRange(p[0], 64, PlotRight));

        // Height above the axis is proportional to the value: the last interval carries the same load per second.
        var heights = points.Select(p => PlotBottom - p[1]).ToList();
        var typical = heights.Order().ElementAt(heights.Count / 2);
        Assert.InRange(heights[^1], 0.85 * typical, 1.15 * typical);
    }

    [Fact]
    public void A_rate_over_a_last_partial_interval_is_divided_by_its_length_and_the_drain_is_left_out()
    {
        TimeBucket Bucket(int start, long calls) => new() { Start = TimeSpan.FromSeconds(start), Size = TimeSpan.FromSeconds(3), DownstreamCalls = calls };
        var timeline = new[] { Bucket(0, 30), Bucket(3, 30), Bucket(6, 20), Bucket(9, 1) };

        Assert.Equal(new (double, double?)[] { (1.5, 10), (4.5, 10), (7, 10) }, HtmlReport.Points(timeline, 8, (b, seconds) => b.DownstreamCalls / seconds));
    }

    private static ChartSeries Series(string name, params double[] ys) =>
        new(name, "#000", [.. ys.Select((y, i) => ((double)i * 10, (double?)y))]);

    private static List<double> YTicks(string svg) =>
        [.. Regex.Matches(svg, "class=\"ylabel\">([^<]*)</text>").Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))];

    private static List<string> Svgs(string html) => [.. Regex.Matches(html, "<svg .*?</svg>", RegexOptions.Singleline).Select(m => m.Value)];
}
