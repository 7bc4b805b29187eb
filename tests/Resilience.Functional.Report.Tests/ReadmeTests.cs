namespace Resilience.Functional.Report.Tests;

public sealed class ReadmeTests
{
    private static readonly RunInfo Run = new(new DateTimeOffset(2026, 12, 2, 3, 4, 0, TimeSpan.Zero), [["BenchmarkDotNet v0.15.8", "AMD EPYC"]]);

    private static string Render(params BenchmarkClass[] classes) =>
        Readme.Render(Template.Parse(Fixture.Read("README.template.md")), classes, ClassDescriptions.Parse(Fixture.Read("Sample.xml")), Run);

    [Fact]
    public void The_prose_survives_and_the_markers_are_replaced()
    {
        var readme = Render(Fixture.Contention(), Fixture.Linq());

        Assert.Contains("Hand-written introduction & history.", readme, StringComparison.Ordinal);
        Assert.Contains("## History\n\nBefore/after prose stays.", readme, StringComparison.Ordinal);
        Assert.DoesNotContain("<!-- report:", readme, StringComparison.Ordinal);
        Assert.Contains("2026-12-02 03:04 UTC", readme, StringComparison.Ordinal);
        Assert.Contains("```\nBenchmarkDotNet v0.15.8\nAMD EPYC\n```", readme, StringComparison.Ordinal);
        Assert.Contains("](ratios.svg)", readme, StringComparison.Ordinal);
    }

    [Fact]
    public void A_class_with_a_polly_row_gets_a_ratio_column_per_parameter_group()
    {
        var readme = Render(Fixture.Contention());

        Assert.Contains("## LockContentionBenchmarks\n\nOne lock shared by all workers", readme, StringComparison.Ordinal);
        Assert.Contains("| Method | Workers | Mean | Allocated | Ratio to Polly |", readme, StringComparison.Ordinal);
        Assert.Contains("| Functional | 2 | 40.000 ns | 0 B | 0.025 |", readme, StringComparison.Ordinal);
        Assert.Contains("| Polly | 2 | 1,600.000 ns | 1.5 KB | 1.00 |", readme, StringComparison.Ordinal);
    }

    [Fact]
    public void A_class_without_a_polly_row_says_so_and_keeps_its_note()
    {
        var readme = Render(Fixture.Linq());

        Assert.Contains("## LinqBenchmarks\n\nTwo operations composed by `Op.Bind`.\n\nTarget: Functional ≤ 2 × Raw.\n\n| Method | Mean | Allocated |\n", readme, StringComparison.Ordinal);
        Assert.Contains("No `Polly` row", readme, StringComparison.Ordinal);
    }

    [Fact]
    public void Classes_with_notes_come_first_and_absent_ones_are_named()
    {
        var readme = Render(Fixture.Contention(), Fixture.Linq());

        Assert.True(readme.IndexOf("## LinqBenchmarks", StringComparison.Ordinal) < readme.IndexOf("## LockContentionBenchmarks", StringComparison.Ordinal));
        Assert.Contains("Not in this run: RetryBenchmarks.", readme, StringComparison.Ordinal);
    }

    [Fact]
    public void A_class_without_a_summary_is_an_error()
    {
        var undocumented = Fixture.Linq() with { FullName = "Sample.UndocumentedBenchmarks" };

        var error = Assert.Throws<InvalidOperationException>(() => Render(undocumented));
        Assert.Contains("Sample.UndocumentedBenchmarks", error.Message, StringComparison.Ordinal);
    }
}
