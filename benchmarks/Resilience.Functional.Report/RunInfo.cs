namespace Resilience.Functional.Report;

/// <summary>Where and when the reports were measured.</summary>
/// <param name="Date">The write time of the newest report file, UTC.</param>
/// <param name="Hosts">The distinct environment blocks of the reports' GitHub Markdown files (one per run setup).</param>
internal sealed record RunInfo(DateTimeOffset Date, IReadOnlyList<IReadOnlyList<string>> Hosts);
