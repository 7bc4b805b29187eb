using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Resilience.Functional.Simulator;

/// <summary>The comparison table: one row per run, grouped by scenario.</summary>
internal static class ComparisonTable
{
    /// <summary>The column headers.</summary>
    public static IReadOnlyList<string> Headers { get; } =
        ["Scenario", "Pipeline", "Requests", "Success", "p50", "p99", "Load ×", "Rejected", "Timed out"];

    /// <summary>The cells of each row, formatted the same on every machine.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Rows(IReadOnlyList<RunResult> runs) =>
        [.. runs.Select((run, i) => (IReadOnlyList<string>)
        [
            i > 0 && runs[i - 1].Scenario == run.Scenario ? string.Empty : run.Scenario,
            run.Pipeline,
            run.Result.Requests.Count.ToString("N0", CultureInfo.InvariantCulture),
            Percent(run.Result.SuccessRate),
            Milliseconds(run.Result.Latency.P50),
            Milliseconds(run.Result.Latency.P99),
            run.LoadAmplification.ToString("0.00", CultureInfo.InvariantCulture) + "×",
            run.Rejected.ToString("N0", CultureInfo.InvariantCulture),
            run.TimedOut.ToString("N0", CultureInfo.InvariantCulture),
        ])];

    /// <summary>The table as a Spectre.Console renderable.</summary>
    public static Table Build(IReadOnlyList<RunResult> runs)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var (header, i) in Headers.Select((h, i) => (h, i)))
        {
            var column = new TableColumn(new Text(header, new Style(decoration: Decoration.Bold)));
            table.AddColumn(i >= 2 ? column.RightAligned() : column);
        }

        var rows = Rows(runs);
        for (var i = 0; i < rows.Count; i++)
        {
            if (i > 0 && rows[i][0].Length > 0)
            {
                table.AddEmptyRow();
            }

            var style = runs[i].Pipeline == "standard" ? new Style(Color.Green) : Style.Plain;
            table.AddRow(rows[i].Select(cell => (IRenderable)new Text(cell, style)).ToArray());
        }

        return table;
    }

    /// <summary>The table as plain text (no colours, no terminal codes), <paramref name="width"/> columns wide at most.</summary>
    public static string Render(IReadOnlyList<RunResult> runs, int width = 120)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = width;
        console.Write(Build(runs));
        return writer.ToString();
    }

    /// <summary>A success rate, such as <c>99.12 %</c>.</summary>
    public static string Percent(double rate) => (rate * 100).ToString("0.00", CultureInfo.InvariantCulture) + " %";

    /// <summary>A latency in milliseconds, such as <c>21.4 ms</c> or <c>2,000 ms</c>.</summary>
    public static string Milliseconds(TimeSpan latency) =>
        latency.TotalMilliseconds.ToString(latency.TotalMilliseconds >= 100 ? "N0" : "0.0", CultureInfo.InvariantCulture) + " ms";
}
