namespace Resilience.Functional.Report;

/// <summary>The environment block BenchmarkDotNet puts at the top of each <c>*-report-github.md</c>.</summary>
internal static class HostInfo
{
    /// <summary>The lines inside the report's first fenced block (BenchmarkDotNet version, OS, CPU, runtimes, job); empty when there is none.</summary>
    public static IReadOnlyList<string> Parse(string markdown)
    {
        var lines = markdown.ReplaceLineEndings("\n").Split('\n');
        var start = Array.FindIndex(lines, static l => l.TrimStart().StartsWith("```", StringComparison.Ordinal));
        var end = start < 0 ? -1 : Array.FindIndex(lines, start + 1, static l => l.TrimStart().StartsWith("```", StringComparison.Ordinal));
        return end < 0
            ? []
            : lines[(start + 1)..end].Select(static l => l.TrimEnd()).Where(static l => l.Length > 0).ToList();
    }
}
