namespace Resilience.Functional.Report.Tests;

public sealed class HostInfoTests
{
    [Fact]
    public void The_environment_block_is_read_without_blank_lines()
    {
        var host = HostInfo.Parse(Fixture.Read("Sample.Contention.LockContentionBenchmarks-report-github.md"));

        Assert.Equal("BenchmarkDotNet v0.15.8, Linux Debian GNU/Linux 12 (bookworm)", host[0]);
        Assert.Contains("AMD EPYC 2.60GHz, 1 CPU, 2 logical and 2 physical cores", host);
        Assert.Equal("WarmupCount=3", host[^1]);
    }

    [Fact]
    public void Without_a_fenced_block_there_is_no_host() => Assert.Empty(HostInfo.Parse("| Method |\n|---|\n"));
}
