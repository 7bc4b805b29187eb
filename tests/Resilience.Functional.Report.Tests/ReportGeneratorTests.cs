using System.Xml.Linq;

namespace Resilience.Functional.Report.Tests;

public sealed class ReportGeneratorTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("report-tests-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void The_readme_and_the_chart_are_written_from_a_results_folder()
    {
        var results = Directory.CreateDirectory(Path.Combine(folder, "results")).FullName;
        foreach (var file in Directory.GetFiles(Fixture.Folder, "Sample.*-report*"))
        {
            File.Copy(file, Path.Combine(results, Path.GetFileName(file)));
        }

        var output = Path.Combine(folder, "README.md");
        var classes = ReportGenerator.Run(new ReportSettings(results, Path.Combine(Fixture.Folder, "Sample.xml"), Path.Combine(Fixture.Folder, "README.template.md"), output));

        Assert.Equal(2, classes.Count);
        var readme = File.ReadAllText(output);
        Assert.Contains("## LockContentionBenchmarks", readme, StringComparison.Ordinal);
        Assert.Contains("AMD EPYC 2.60GHz", readme, StringComparison.Ordinal);
        var chart = XDocument.Load(Path.Combine(folder, Readme.ChartFile));
        Assert.Equal("svg", chart.Root!.Name.LocalName);
    }

    [Fact]
    public void A_folder_without_reports_is_reported_clearly()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            ReportGenerator.Run(new ReportSettings(folder, "d.xml", "t.md", Path.Combine(folder, "README.md"))));

        Assert.Contains("--exporters csv", error.Message, StringComparison.Ordinal);
    }
}
