using System.Text.RegularExpressions;

namespace Resilience.Functional.Simulator.Tests;

/// <summary>The whole matrix, one virtual minute at 20 requests/s, run once for the class.</summary>
public sealed class ShortMatrix
{
    internal static readonly SimulatorSettings Settings = new() { Duration = TimeSpan.FromMinutes(1), Rate = 20, Seed = 5 };

    internal IReadOnlyList<RunResult> Runs { get; } = RunMatrix.RunAll(Settings);
}

public class ReportTests(ShortMatrix matrix) : IClassFixture<ShortMatrix>
{
    private static readonly SimulatorSettings Short = ShortMatrix.Settings;

    [Fact]
    public void Two_runs_with_the_same_seed_give_the_same_table_and_the_same_report_bytes()
    {
        var first = matrix.Runs;
        var second = RunMatrix.RunAll(Short);
        var directory = Directory.CreateTempSubdirectory("simulator-tests-");
        try
        {
            var a = HtmlReport.Write(Path.Combine(directory.FullName, "a.html"), Short, first);
            var b = HtmlReport.Write(Path.Combine(directory.FullName, "b.html"), Short, second);

            Assert.Equal(ComparisonTable.Render(first), ComparisonTable.Render(second));
            Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
            Assert.Equal(37, first.Count);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_different_seed_gives_a_different_report()
    {
        var settings = Short with { Scenarios = ["flaky"], Pipelines = ["none"] };
        var one = HtmlReport.Render(settings, RunMatrix.RunAll(settings));
        var other = HtmlReport.Render(settings with { Seed = 6 }, RunMatrix.RunAll(settings with { Seed = 6 }));

        Assert.NotEqual(one, other);
    }

    [Fact]
    public void The_report_is_self_contained_with_a_chart_of_each_kind_per_scenario()
    {
        var runs = matrix.Runs;
        var html = HtmlReport.Render(Short, runs);

        Assert.DoesNotContain("http://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(new Regex(@"(src|href)\s*=", RegexOptions.IgnoreCase), html);
        Assert.DoesNotMatch(new Regex(@"url\(|@import", RegexOptions.IgnoreCase), html);
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);

        // The stampede's pipelines have no breaker, so it has no breaker chart.
        Assert.Equal((5 * 4) + 3, Regex.Matches(html, "<svg ").Count);
        foreach (var title in new[] { "Success rate", "Downstream load", "p99 latency" })
        {
            Assert.Equal(6, Regex.Matches(html, $"<title>{title}</title>").Count);
        }

        Assert.Equal(5, Regex.Matches(html, "<title>Circuit breaker state</title>").Count);

        foreach (var run in runs)
        {
            Assert.Contains($"<td>{run.Pipeline}</td>", html, StringComparison.Ordinal);
        }

        Assert.Contains("Scenario: latency-spike", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_table_has_a_row_per_run_with_its_measurements()
    {
        var settings = Short with { Scenarios = ["flaky", "outage"], Pipelines = ["none", "standard"] };
        var runs = RunMatrix.RunAll(settings);
        var text = ComparisonTable.Render(runs);
        var rows = ComparisonTable.Rows(runs);

        Assert.Equal([("flaky", "none"), ("flaky", "standard"), ("outage", "none"), ("outage", "standard")], runs.Select(r => (r.Scenario, r.Pipeline)));
        Assert.Equal(4, rows.Count);
        Assert.Equal(["flaky", "none", runs[0].Result.RequestCount.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)], rows[0].Take(3));
        Assert.Equal(string.Empty, rows[1][0]);
        Assert.Equal("100.00 %", ComparisonTable.Percent(1));
        Assert.Equal("21.4 ms", ComparisonTable.Milliseconds(TimeSpan.FromMilliseconds(21.44)));
        Assert.Equal("2,000 ms", ComparisonTable.Milliseconds(TimeSpan.FromSeconds(2)));
        Assert.Equal("1.00×", rows[0][6]);
        foreach (var header in ComparisonTable.Headers)
        {
            Assert.Contains(header, text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("\u001b[", text, StringComparison.Ordinal);
        Assert.All(text.Split('\n'), line => Assert.True(line.TrimEnd('\r').Length <= 120));
    }

    [Theory]
    [InlineData(120)]
    [InlineData(100)]
    [InlineData(80)]
    [InlineData(60)]
    [InlineData(40)]
    public void In_a_narrow_console_the_table_fits_and_no_name_or_number_is_split(int width)
    {
        var runs = matrix.Runs;
        var lines = ComparisonTable.Render(runs, width).Split('\n').Select(l => l.TrimEnd('\r')).ToList();

        Assert.All(lines, line => Assert.True(line.Length <= width, $"{line.Length} > {width}: {line}"));
        foreach (var (row, i) in ComparisonTable.Rows(runs).Select((r, i) => (r, i)))
        {
            Assert.All(row.Where(cell => cell.Length > 0), cell => Assert.Contains(lines, line => Regex.IsMatch(line, $@"(^|[\s│]){Regex.Escape(cell)}($|[\s│])")));
        }

        Assert.All(ComparisonTable.Headers.Skip(2), header => Assert.Contains(lines, line => line.Contains(header, StringComparison.Ordinal)));
    }

    [Fact]
    public void Main_runs_a_small_matrix_prints_the_table_and_writes_the_report()
    {
        var path = Path.Combine(Path.GetTempPath(), $"simulator-main-{Environment.ProcessId}.html");
        try
        {
            var (code, stdout, stderr) = ConsoleCapture.Run(() => Program.Main(["--scenario", "outage", "--pipeline", "none,standard", "--duration", "30s", "--output", path]));

            Assert.Equal(0, code);
            Assert.StartsWith("outage: 2 runs done (1 of 1 scenario, ", stderr, StringComparison.Ordinal);
            Assert.Contains("standard", stdout, StringComparison.Ordinal);
            Assert.Contains(path, stdout, StringComparison.Ordinal);
            Assert.True(File.Exists(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
