namespace Resilience.Functional.Report.Tests;

public sealed class BenchmarkClassTests
{
    [Fact]
    public void The_ratio_is_taken_against_the_polly_row_with_the_same_parameters()
    {
        var report = Fixture.Contention();

        Assert.Equal(0.1, report.RatioToAnchor(report.Rows[1])!.Value, 9);
        Assert.Equal(40.0 / 1600, report.RatioToAnchor(report.Rows[4])!.Value, 9);
        Assert.Equal(1, report.RatioToAnchor(report.Rows[2])!.Value, 9);
    }

    [Fact]
    public void Without_a_polly_row_there_is_no_ratio()
    {
        var report = Fixture.Linq();

        Assert.False(report.HasAnchor);
        Assert.All(report.Rows, r => Assert.Null(report.RatioToAnchor(r)));
    }

    [Fact]
    public void A_group_missing_its_polly_row_has_no_ratio_while_the_others_keep_theirs()
    {
        var report = Fixture.Contention();
        var partial = report with { Rows = report.Rows.Take(5).ToList() };

        Assert.True(partial.HasAnchor);
        Assert.Null(partial.RatioToAnchor(partial.Rows[4]));
        Assert.NotNull(partial.RatioToAnchor(partial.Rows[1]));
    }

    [Fact]
    public void A_row_that_did_not_run_has_no_ratio()
    {
        var report = ReportCsv.Parse("X", "Method,Mean,Allocated\nFunctional,NA,NA\nPolly,10 ns,0 B\n");

        Assert.Null(report.RatioToAnchor(report.Rows[0]));
    }
}
