namespace Resilience.Functional.Report;

/// <summary>Parses the command line: an optional results folder, then <c>--docs</c>, <c>--template</c>, <c>--output</c>.</summary>
internal static class ReportArguments
{
    /// <summary>The usage text.</summary>
    public const string Usage = """
        Writes benchmarks/README.md and benchmarks/ratios.svg from BenchmarkDotNet's CSV reports.

        Usage: dotnet run --project benchmarks/Resilience.Functional.Report -- [results folder] [options]

          results folder   default BenchmarkDotNet.Artifacts/results
          --docs <file>    the benchmark project's XML documentation (each class's summary); default
                           benchmarks/Resilience.Functional.Benchmarks/bin/Release/net10.0/Resilience.Functional.Benchmarks.xml
          --template <md>  default benchmarks/README.template.md
          --output <md>    default benchmarks/README.md (the chart is written next to it)
          --help, -h       show this help

        Relative defaults are taken from the repository root (the folder holding Resilience.Functional.sln).
        """;

    /// <summary>The settings, or an error message; null settings and null error mean help was asked for.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="root">The folder relative defaults are resolved against.</param>
    public static (ReportSettings? Settings, string? Error) Parse(IReadOnlyList<string> args, string root)
    {
        string? results = null;
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "--help" or "-h")
            {
                return (null, null);
            }

            if (arg is "--docs" or "--template" or "--output")
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    return (null, $"Option '{arg}' needs a value.");
                }

                if (!options.TryAdd(arg, args[++i]))
                {
                    return (null, $"Option '{arg}' is given more than once.");
                }
            }
            else if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                return (null, $"Unknown option '{arg}'. Options: --docs, --template, --output, --help.");
            }
            else if (results is null)
            {
                results = arg;
            }
            else
            {
                return (null, $"Unexpected argument '{arg}': only one results folder is taken.");
            }
        }

        string Resolve(string? path, string fallback) => Path.GetFullPath(path ?? fallback, root);
        return (new ReportSettings(
            Resolve(results, "BenchmarkDotNet.Artifacts/results"),
            Resolve(options.GetValueOrDefault("--docs"), "benchmarks/Resilience.Functional.Benchmarks/bin/Release/net10.0/Resilience.Functional.Benchmarks.xml"),
            Resolve(options.GetValueOrDefault("--template"), "benchmarks/README.template.md"),
            Resolve(options.GetValueOrDefault("--output"), "benchmarks/README.md")), null);
    }

    /// <summary>The nearest folder at or above <paramref name="start"/> holding Resilience.Functional.sln, else <paramref name="start"/>.</summary>
    public static string Root(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Resilience.Functional.sln")))
            {
                return dir.FullName;
            }
        }

        return start;
    }
}
