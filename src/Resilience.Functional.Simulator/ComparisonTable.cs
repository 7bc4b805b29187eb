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
            run.Result.RequestCount.ToString("N0", CultureInfo.InvariantCulture),
            Percent(run.Result.SuccessRate),
            Milliseconds(run.Result.Latency.P50),
            Milliseconds(run.Result.Latency.P99),
            run.LoadAmplification.ToString("0.00", CultureInfo.InvariantCulture) + "×",
            run.Rejected.ToString("N0", CultureInfo.InvariantCulture),
            run.TimedOut.ToString("N0", CultureInfo.InvariantCulture),
        ])];

    /// <summary>A width no table reaches: the table at its natural width, for output that is not a terminal.</summary>
    public const int UnboundedWidth = 10_000;

    /// <summary>
    /// The table as a Spectre.Console renderable, for a console <paramref name="width"/> columns wide: the bordered
    /// table when it fits; else without borders, one space between columns and each scenario's name on a line of its
    /// own above its runs (which fits 80 columns); else one block per run, a measurement a line. So in a narrow
    /// terminal no name or number is ever split across lines.
    /// </summary>
    public static IRenderable Build(IReadOnlyList<RunResult> runs, int width)
    {
        var rows = Rows(runs);
        var widest = Headers.Select((h, c) => rows.Select(r => r[c].Length).Append(h.Length).Max()).ToList();
        var compact = widest.Skip(1).Sum() + widest.Count - 2 + Math.Max(0, widest[0] - widest[1]);
        return widest.Sum(w => w + 3) + 1 <= width ? Bordered(runs, rows)
            : compact <= width ? Compact(runs, rows)
            : Stacked(runs, rows);
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
        console.Write(Build(runs, width));
        return writer.ToString();
    }

    private static Style StyleOf(RunResult run) => run.Pipeline == "standard" ? new Style(Color.Green) : Style.Plain;

    private static Table Bordered(IReadOnlyList<RunResult> runs, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var (header, i) in Headers.Select((h, i) => (h, i)))
        {
            var column = new TableColumn(Bold(header)) { NoWrap = true };
            table.AddColumn(i >= 2 ? column.RightAligned() : column);
        }

        for (var i = 0; i < rows.Count; i++)
        {
            if (i > 0 && rows[i][0].Length > 0)
            {
                table.AddEmptyRow();
            }

            var style = StyleOf(runs[i]);
            table.AddRow(rows[i].Select(cell => (IRenderable)new Text(cell, style)).ToArray());
        }

        return table;
    }

    private static Table Compact(IReadOnlyList<RunResult> runs, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var table = new Table().Border(TableBorder.None);
        for (var c = 1; c < Headers.Count; c++)
        {
            var column = new TableColumn(Bold(Headers[c])) { NoWrap = true }.Padding(0, 0, c == Headers.Count - 1 ? 0 : 1, 0);
            table.AddColumn(c >= 2 ? column.RightAligned() : column);
        }

        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i][0].Length > 0)
            {
                if (i > 0)
                {
                    table.AddEmptyRow();
                }

                table.AddRow([Bold(rows[i][0]), .. Enumerable.Repeat<IRenderable>(Text.Empty, Headers.Count - 2)]);
            }

            var style = StyleOf(runs[i]);
            table.AddRow(rows[i].Skip(1).Select(cell => (IRenderable)new Text(cell, style)).ToArray());
        }

        return table;
    }

    private static Text Bold(string text) => new(text, new Style(decoration: Decoration.Bold));

    private static Rows Stacked(IReadOnlyList<RunResult> runs, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var blocks = new List<IRenderable>();
        for (var i = 0; i < rows.Count; i++)
        {
            var grid = new Grid().AddColumn(new GridColumn { NoWrap = true, Padding = new Padding(2, 0, 1, 0) }).AddColumn(new GridColumn { NoWrap = true }.RightAligned());
            for (var c = 2; c < Headers.Count; c++)
            {
                grid.AddRow(new Text(Headers[c]), new Text(rows[i][c], StyleOf(runs[i])));
            }

            blocks.Add(new Text($"{runs[i].Scenario} / {runs[i].Pipeline}", StyleOf(runs[i]).Combine(new Style(decoration: Decoration.Bold))));
            blocks.Add(grid);
        }

        return new Rows(blocks);
    }

    /// <summary>A success rate, such as <c>99.12 %</c>.</summary>
    public static string Percent(double rate) => (rate * 100).ToString("0.00", CultureInfo.InvariantCulture) + " %";

    /// <summary>A latency in milliseconds, such as <c>21.4 ms</c> or <c>2,000 ms</c>.</summary>
    public static string Milliseconds(TimeSpan latency) =>
        latency.TotalMilliseconds.ToString(latency.TotalMilliseconds >= 100 ? "N0" : "0.0", CultureInfo.InvariantCulture) + " ms";
}
