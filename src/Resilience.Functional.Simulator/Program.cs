using System.Diagnostics;
using Spectre.Console;

namespace Resilience.Functional.Simulator;

/// <summary>The command-line entry point.</summary>
internal static class Program
{
    /// <summary>Parses the arguments, runs the matrix with a progress display, prints the table and writes the report.</summary>
    /// <param name="args">The command-line arguments.</param>
    /// <returns>0 on success, 2 on a bad command line or when the report cannot be written.</returns>
    public static int Main(string[] args)
    {
        switch (ArgumentParser.Parse(args))
        {
            case ParseResult.Help:
                Console.Out.WriteLine(ArgumentParser.Usage);
                return 0;
            case ParseResult.Invalid invalid:
                return Fail(invalid.Message, "Run with --help for usage.");
            case ParseResult.Run run:
                return ReportFile.Check(run.Settings.Output) is { } unwritable ? Fail(unwritable) : Run(run.Settings, Console.IsOutputRedirected);
            default:
                throw new UnreachableException();
        }
    }

    private static int Fail(params string[] lines)
    {
        Console.Error.WriteLine($"error: {lines[0]}");
        foreach (var line in lines.Skip(1))
        {
            Console.Error.WriteLine(line);
        }

        return 2;
    }

    private static int Run(SimulatorSettings settings, bool redirected)
    {
        // A console over the current Console.Out, not the static AnsiConsole bound to whichever writer came first.
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        var cells = RunMatrix.Cells(settings);

        // Piped or captured: plain lines, never wrapped (a path split across lines cannot be copied), and the table at
        // its natural width.
        void Say(string text, string? markup = null)
        {
            if (redirected)
            {
                Console.Out.WriteLine(text);
            }
            else
            {
                console.MarkupLine(markup ?? Markup.Escape(text));
            }
        }

        var runs = Count(cells.Count, "run");
        var each = cells.Count == 1 ? string.Empty : " each";
        // "×" only when it is a product: a pattern's scenario runs only the pipelines it is compared under.
        var by = cells.Count == settings.Scenarios.Count * settings.Pipelines.Count ? " × " : ", ";
        var what = $"{Count(settings.Scenarios.Count, "scenario")}{by}{Count(settings.Pipelines.Count, "pipeline")}, " +
            $"{Durations.Format(settings.Duration)} of traffic{each} at {settings.Rate} requests/s, seed {settings.Seed}.";
        Say($"Simulating {runs}: {what}", $"Simulating [bold]{runs}[/]: {Markup.Escape(what)}");
        var clock = Stopwatch.StartNew();
        IReadOnlyList<RunResult> results = [];
        if (!redirected && console.Profile.Capabilities.Interactive)
        {
            console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .Start(context =>
                {
                    var task = context.AddTask("virtual time", maxValue: cells.Count);
                    results = RunMatrix.RunAll(settings, run =>
                    {
                        task.Description = $"{run.Scenario} / {run.Pipeline}";
                        task.Increment(1);
                    });
                });
        }
        else
        {
            results = RunMatrix.RunAll(settings, ScenarioProgress(settings, clock));
        }

        if (redirected)
        {
            Console.Out.Write(ComparisonTable.Render(results, ComparisonTable.UnboundedWidth));
        }
        else
        {
            console.Write(ComparisonTable.Build(results, console.Profile.Width));
        }

        string path;
        try
        {
            path = HtmlReport.Write(settings.Output, settings, results);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Fail(ReportFile.Unwritable(settings.Output, e));
        }

        var simulated = TimeSpan.FromTicks(settings.Duration.Ticks * cells.Count);
        Say($"Simulated {Durations.Format(simulated)} of traffic in {Durations.Format(clock.Elapsed)} of wall time.");
        Say($"Report: {path}", $"Report: [link]{Markup.Escape(path)}[/]");
        return 0;
    }

    /// <summary>Writes one line to standard error each time every pipeline of a scenario has run (from any worker thread).</summary>
    private static Action<RunResult> ScenarioProgress(SimulatorSettings settings, Stopwatch clock)
    {
        var remaining = settings.Scenarios.ToDictionary(s => s, s => RunMatrix.RunsOf(settings, s), StringComparer.Ordinal);
        var finished = 0;
        var gate = new object();
        return run =>
        {
            lock (gate)
            {
                if (--remaining[run.Scenario] == 0)
                {
                    finished++;
                    Console.Error.WriteLine(
                        $"{run.Scenario}: {Count(RunMatrix.RunsOf(settings, run.Scenario), "run")} done ({finished} of {Count(settings.Scenarios.Count, "scenario")}, {Durations.Format(clock.Elapsed)})");
                }
            }
        };
    }

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";
}
