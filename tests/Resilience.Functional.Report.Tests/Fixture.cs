namespace Resilience.Functional.Report.Tests;

/// <summary>The small report fixture under Fixtures/, copied to the test output.</summary>
internal static class Fixture
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static string Read(string file) => File.ReadAllText(Path.Combine(Folder, file));

    public static BenchmarkClass Contention() =>
        ReportCsv.Parse("Sample.Contention.LockContentionBenchmarks", Read("Sample.Contention.LockContentionBenchmarks-report.csv"));

    public static BenchmarkClass Linq() => ReportCsv.Parse("Sample.LinqBenchmarks", Read("Sample.LinqBenchmarks-report.csv"));
}
