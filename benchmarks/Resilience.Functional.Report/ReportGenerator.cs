namespace Resilience.Functional.Report;

/// <summary>Reads the inputs named by <see cref="ReportSettings"/> and writes the README and the chart.</summary>
internal static class ReportGenerator
{
    /// <summary>Generates; returns the classes written, or throws with a message for the user.</summary>
    /// <exception cref="InvalidOperationException">An input is missing or malformed.</exception>
    public static IReadOnlyList<BenchmarkClass> Run(ReportSettings settings)
    {
        if (!Directory.Exists(settings.Results))
        {
            throw new InvalidOperationException($"No results folder at {settings.Results}: run the benchmarks with '--exporters csv' first.");
        }

        var files = Directory.GetFiles(settings.Results, "*" + ReportCsv.Suffix).Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            throw new InvalidOperationException($"No *{ReportCsv.Suffix} in {settings.Results}: run the benchmarks with '--exporters csv'.");
        }

        if (!File.Exists(settings.Docs))
        {
            throw new InvalidOperationException(
                $"No XML documentation at {settings.Docs}: build the benchmarks first (dotnet build -c Release benchmarks/Resilience.Functional.Benchmarks) or pass --docs.");
        }

        if (!File.Exists(settings.Template))
        {
            throw new InvalidOperationException($"No template at {settings.Template}.");
        }

        var classes = files.Select(f => Read(f)).ToList();
        var hosts = files
            .Select(static f => f[..^ReportCsv.Suffix.Length] + "-report-github.md")
            .Where(File.Exists)
            .Select(static f => HostInfo.Parse(File.ReadAllText(f)))
            .Where(static h => h.Count > 0)
            .DistinctBy(static h => string.Join('\n', h))
            .ToList();
        var run = new RunInfo(files.Max(static f => new DateTimeOffset(File.GetLastWriteTimeUtc(f), TimeSpan.Zero)), hosts);
        var template = Template.Parse(File.ReadAllText(settings.Template));
        var readme = Readme.Render(template, classes, ClassDescriptions.Parse(File.ReadAllText(settings.Docs)), run);
        var ordered = Readme.Order(template, classes);
        var chart = RatioChart.Render("Mean time over Polly's, same run (lower is better)", RatioChart.Bars(ordered));
        File.WriteAllText(settings.Output, readme);
        File.WriteAllText(Path.Combine(Path.GetDirectoryName(settings.Output)!, Readme.ChartFile), chart);
        return classes;
    }

    private static BenchmarkClass Read(string file)
    {
        var name = ReportCsv.ClassName(file)!;
        try
        {
            return ReportCsv.Parse(name, File.ReadAllText(file));
        }
        catch (FormatException e)
        {
            throw new InvalidOperationException($"{file}: {e.Message}", e);
        }
    }
}
