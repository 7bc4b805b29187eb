namespace Resilience.Functional.Report.Tests;

public sealed class ClassDescriptionsTests
{
    [Fact]
    public void Each_type_summary_becomes_one_line_of_markdown()
    {
        var descriptions = ClassDescriptions.Parse(Fixture.Read("Sample.xml"));

        Assert.Equal(
            "One lock shared by all workers, against `PollyLock`; rows `Raw` and `Functional`.",
            descriptions["Sample.Contention.LockContentionBenchmarks"]);
        Assert.Equal("Two operations composed by `Op.Bind`.", descriptions["Sample.LinqBenchmarks"]);
    }

    [Fact]
    public void Members_that_are_not_types_are_left_out() =>
        Assert.DoesNotContain("Sample.LinqBenchmarks.Raw", ClassDescriptions.Parse(Fixture.Read("Sample.xml")).Keys);
}
