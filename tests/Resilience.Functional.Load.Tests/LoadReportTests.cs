namespace Resilience.Functional.Load.Tests;

public sealed class LoadReportTests
{
    private static RoundResult Round(string side, int round, long ops, long bytes, int gen1 = 0) =>
        new(side, round, ops, 0, TimeSpan.FromSeconds(1), bytes, bytes, [1, gen1, 0], TimeSpan.FromSeconds(2), 50 * 1048576);

    [Fact]
    public void The_goal_is_met_only_with_three_times_the_ops_no_bytes_and_no_older_collections()
    {
        var settings = new LoadSettings { Workers = 2, Rounds = 1 };

        Assert.Contains("collections): met.", LoadReport.Format(settings, [Round("a", 1, 300, 0), Round("b", 1, 100, 0)], "a", "b"), StringComparison.Ordinal);
        Assert.Contains("not met", LoadReport.Format(settings, [Round("a", 1, 299, 0), Round("b", 1, 100, 0)], "a", "b"), StringComparison.Ordinal);
        Assert.Contains("not met", LoadReport.Format(settings, [Round("a", 1, 900, 9), Round("b", 1, 100, 0)], "a", "b"), StringComparison.Ordinal);
        Assert.Contains("not met", LoadReport.Format(settings, [Round("a", 1, 900, 0, gen1: 1), Round("b", 1, 100, 0)], "a", "b"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_few_bytes_over_millions_of_calls_are_no_per_call_allocation_but_one_byte_per_hundred_calls_is()
    {
        var settings = new LoadSettings { Workers = 2, Rounds = 1 };

        Assert.Contains("collections): met.", LoadReport.Format(settings, [Round("a", 1, 40_000_000, 32), Round("b", 1, 10_000_000, 0)], "a", "b"), StringComparison.Ordinal);
        Assert.Contains("not met", LoadReport.Format(settings, [Round("a", 1, 40_000_000, 400_000), Round("b", 1, 10_000_000, 0)], "a", "b"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_ratio_is_of_the_median_rounds()
    {
        var report = LoadReport.Format(
            new LoadSettings { Workers = 4, Rounds = 3 },
            [Round("a", 1, 100, 0), Round("b", 1, 100, 0), Round("a", 2, 600, 0), Round("b", 2, 200, 0), Round("a", 3, 800, 0), Round("b", 3, 50, 0)],
            "a",
            "b");

        Assert.Contains("a 600, b 100: 6.00x.", report, StringComparison.Ordinal);
        Assert.Contains("a 300, b 50: 6.00x", report, StringComparison.Ordinal);
        Assert.Contains("only judged at 2 workers", report, StringComparison.Ordinal);
    }

    [Fact]
    public void The_median_of_an_even_count_is_the_mean_of_the_middle_two() => Assert.Equal(2.5, LoadReport.Median([4, 1, 2, 3]));
}
