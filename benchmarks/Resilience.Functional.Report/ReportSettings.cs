namespace Resilience.Functional.Report;

/// <summary>What the generator reads and writes.</summary>
/// <param name="Results">BenchmarkDotNet's results folder (the <c>*-report.csv</c> and <c>*-report-github.md</c> files).</param>
/// <param name="Docs">The benchmark project's XML documentation file (each class's summary).</param>
/// <param name="Template">The hand-written template.</param>
/// <param name="Output">The README to write; the chart goes next to it.</param>
internal sealed record ReportSettings(string Results, string Docs, string Template, string Output);
