namespace Resilience.Functional.Report.Tests;

public sealed class ReportCsvTests
{
    [Fact]
    public void Only_the_parameter_columns_that_vary_are_kept()
    {
        var report = Fixture.Contention();

        Assert.Equal("LockContentionBenchmarks", report.Name);
        Assert.Equal(["Workers"], report.ParameterNames);
        Assert.Equal(6, report.Rows.Count);
        Assert.Equal(["2"], report.Rows[5].Parameters);
    }

    [Fact]
    public void Means_and_allocations_are_read_from_their_columns()
    {
        var polly = Fixture.Contention().Rows[5];

        Assert.Equal("Polly", polly.Method);
        Assert.Equal("1,600.000 ns", polly.Mean);
        Assert.Equal(1600, polly.MeanNanoseconds);
        Assert.Equal("1.5 KB", polly.Allocated);
        Assert.Equal(1536, polly.AllocatedBytes);
    }

    [Fact]
    public void A_class_without_parameters_has_no_parameter_columns() => Assert.Empty(Fixture.Linq().ParameterNames);

    [Fact]
    public void A_report_without_a_mean_column_is_an_error()
    {
        var error = Assert.Throws<FormatException>(() => ReportCsv.Parse("X", "Method,Allocated\nRaw,0 B\n"));
        Assert.Contains("'Mean'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_short_row_is_an_error() =>
        Assert.Throws<FormatException>(() => ReportCsv.Parse("X", "Method,Mean,Allocated\nRaw,1 ns\n"));

    [Theory]
    [InlineData("/r/A.B.RetryBenchmarks-report.csv", "A.B.RetryBenchmarks")]
    [InlineData("/r/A.B.RetryBenchmarks-report-github.md", null)]
    public void The_class_name_comes_from_the_file_name(string path, string? expected) =>
        Assert.Equal(expected, ReportCsv.ClassName(path));
}
