using System.Diagnostics;
using Spectre.Console;

namespace Resilience.Functional.Simulator;

/// <summary>The command-line entry point.</summary>
internal static class Program
{
    /// <summary>Parses the arguments, runs the matrix with a progress display, prints the table and writes the report.</summary>
    /// <param name="args">The command-line arguments.</param>
    /// <returns>0 on success, 2 on a bad command line.</returns>
    public static int Main(string[] args)
    {
        switch (ArgumentParser.Parse(args))
        {
            case ParseResult.Help:
                Console.Out.WriteLine(ArgumentParser.Usage);
                return 0;
            case ParseResult.Invalid invalid:
                Console.Error.WriteLine($"error: {invalid.Message}");
                Console.Error.WriteLine("Run with --help for usage.");
                return 2;
            case ParseResult.Run run:
                return Run(run.Settings);
            default:
                throw new UnreachableException();
        }
    }

    private static int Run(SimulatorSettings settings)
    {
        // A console over the current Console.Out, not the static AnsiConsole bound to whichever writer came first.
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        var cells = RunMatrix.Cells(settings);
        console.MarkupLine(
            $"Simulating [bold]{cells.Count}[/] runs: {settings.Scenarios.Count} scenario(s) × {settings.Pipelines.Count} pipeline(s), " +
            $"{settings.Duration.TotalMinutes:0.##} virtual minutes each at {settings.Rate} requests/s, seed {settings.Seed}.");
        var clock = Stopwatch.StartNew();
        IReadOnlyList<RunResult> runs = [];
        if (console.Profile.Capabilities.Interactive && !Console.IsOutputRedirected)
        {
            console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .Start(context =>
                {
                    var task = context.AddTask("virtual time", maxValue: cells.Count);
                    runs = RunMatrix.RunAll(settings, run =>
                    {
                        task.Description = $"{run.Scenario} / {run.Pipeline}";
                        task.Increment(1);
                    });
                });
        }
        else
        {
            runs = RunMatrix.RunAll(settings);
        }

        if (Console.IsOutputRedirected)
        {
            // Piped or captured: plain text at a fixed width, the same bytes every time.
            Console.Out.Write(ComparisonTable.Render(runs));
        }
        else
        {
            console.Write(ComparisonTable.Build(runs));
        }

        var path = HtmlReport.Write(settings.Output, settings, runs);
        var simulated = TimeSpan.FromTicks(settings.Duration.Ticks * cells.Count);
        console.MarkupLine($"Simulated {simulated.TotalHours:0.##} hours of traffic in {clock.Elapsed.TotalSeconds:0.0} s of wall time.");
        console.MarkupLine($"Report: [link]{Markup.Escape(path)}[/]");
        return 0;
    }
}
