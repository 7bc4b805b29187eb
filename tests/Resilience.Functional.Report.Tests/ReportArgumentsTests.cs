namespace Resilience.Functional.Report.Tests;

public sealed class ReportArgumentsTests
{
    private static readonly string Root = Path.GetFullPath("/repo");

    [Fact]
    public void Defaults_are_resolved_against_the_root()
    {
        var (settings, error) = ReportArguments.Parse([], Root);

        Assert.Null(error);
        Assert.Equal(Path.Combine(Root, "BenchmarkDotNet.Artifacts", "results"), settings!.Results);
        Assert.Equal(Path.Combine(Root, "benchmarks", "README.md"), settings.Output);
        Assert.Equal(Path.Combine(Root, "benchmarks", "README.template.md"), settings.Template);
    }

    [Fact]
    public void The_folder_and_options_are_taken()
    {
        var (settings, _) = ReportArguments.Parse(["/tmp/results", "--output", "out.md", "--docs", "/d.xml"], Root);

        Assert.Equal(Path.GetFullPath("/tmp/results"), settings!.Results);
        Assert.Equal(Path.Combine(Root, "out.md"), settings.Output);
        Assert.Equal(Path.GetFullPath("/d.xml"), settings.Docs);
    }

    [Theory]
    [InlineData("Unknown option '--colour'", "--colour", "red")]
    [InlineData("Option '--output' needs a value", "--output")]
    [InlineData("Option '--docs' is given more than once", "--docs", "a", "--docs", "b")]
    [InlineData("only one results folder", "a", "b")]
    public void Bad_arguments_are_rejected_with_a_message(string message, params string[] args)
    {
        var (settings, error) = ReportArguments.Parse(args, Root);

        Assert.Null(settings);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_is_neither_settings_nor_an_error() => Assert.Equal((null, null), ReportArguments.Parse(["--help"], Root));
}
