using System.Text.RegularExpressions;

namespace Resilience.Functional.Simulator.Tests;

/// <summary>The program as a user meets it: what it refuses, and how it reports on a pipe.</summary>
public class CommandLineTests
{
    private static readonly string[] OneShortRun = ["--scenario", "flaky", "--pipeline", "none", "--duration", "10s"];

    [Fact]
    public void An_output_that_is_a_folder_is_refused_before_any_run_with_one_line_and_exit_2()
    {
        var folder = Directory.CreateTempSubdirectory("simulator-output-");
        try
        {
            var (code, stdout, stderr) = ConsoleCapture.Run(() => Program.Main([.. OneShortRun, "--output", folder.FullName]));

            Assert.Equal(2, code);
            Assert.Equal(string.Empty, stdout);
            var line = Assert.Single(Lines(stderr));
            Assert.Equal($"error: --output '{folder.FullName}' is a folder: give a file path, such as '{Path.Combine(folder.FullName, "resilience-report.html")}'.", line);
            Assert.Empty(folder.EnumerateFileSystemInfos());
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void An_output_that_cannot_be_created_is_refused_before_any_run_with_one_line_and_exit_2()
    {
        // A regular file where a folder should be: unwritable even for root, unlike a read-only folder.
        var file = Path.GetTempFileName();
        try
        {
            var output = Path.Combine(file, "report.html");
            var (code, stdout, stderr) = ConsoleCapture.Run(() => Program.Main([.. OneShortRun, "--output", output]));

            Assert.Equal(2, code);
            Assert.Equal(string.Empty, stdout);
            Assert.StartsWith($"error: cannot write the report to '{output}': ", Assert.Single(Lines(stderr)), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_writable_output_is_left_as_it_was_by_the_check()
    {
        var folder = Directory.CreateTempSubdirectory("simulator-output-");
        try
        {
            var existing = Path.Combine(folder.FullName, "old.html");
            File.WriteAllText(existing, "old report");

            Assert.Null(ReportFile.Check(existing));
            Assert.Null(ReportFile.Check(Path.Combine(folder.FullName, "new", "r.html")));

            Assert.Equal("old report", File.ReadAllText(existing));
            Assert.False(File.Exists(Path.Combine(folder.FullName, "new", "r.html")));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Redirected_output_is_not_wrapped_and_progress_is_one_line_per_scenario_on_stderr()
    {
        Assert.True(Console.IsOutputRedirected, "the test host's output is a pipe");
        var folder = Directory.CreateTempSubdirectory("simulator-output-");
        try
        {
            var path = Path.Combine(folder.FullName, "a-report-path-long-enough-that-an-80-column-console-would-split-it-mid-word.html");
            var (code, stdout, stderr) = ConsoleCapture.Run(() => Program.Main(["--scenario", "flaky,outage", "--pipeline", "none,standard", "--duration", "10s", "--output", path]));

            Assert.Equal(0, code);
            Assert.Contains($"Report: {path}", Lines(stdout));
            Assert.Contains(Lines(stdout), l => l.StartsWith("Simulating 4 runs: 2 scenarios × 2 pipelines, 10 s of traffic each at 50 requests/s, seed 42.", StringComparison.Ordinal));
            var progress = Lines(stderr);
            Assert.Equal(2, progress.Count);
            Assert.Single(progress, l => l.StartsWith("flaky: 2 runs done (", StringComparison.Ordinal));
            Assert.Single(progress, l => l.StartsWith("outage: 2 runs done (", StringComparison.Ordinal));
            Assert.Contains(progress, l => l.Contains("(2 of 2 scenarios, ", StringComparison.Ordinal));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Counts_and_durations_are_worded_as_people_write_them()
    {
        var path = Path.Combine(Path.GetTempPath(), $"simulator-wording-{Environment.ProcessId}.html");
        try
        {
            var (code, stdout, _) = ConsoleCapture.Run(() => Program.Main([.. OneShortRun, "--output", path]));

            Assert.Equal(0, code);
            Assert.Contains("Simulating 1 run: 1 scenario × 1 pipeline, 10 s of traffic at 50 requests/s, seed 42.", stdout, StringComparison.Ordinal);
            Assert.Matches(new Regex(@"^Simulated 10 s of traffic in \d+(\.\d{1,2})? (ms|s) of wall time\.$", RegexOptions.Multiline), stdout.Replace("\r", string.Empty, StringComparison.Ordinal));
            Assert.DoesNotContain("00:00:", stdout, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(0.25, "250 ms")]
    [InlineData(3.984, "3.98 s")]
    [InlineData(10, "10 s")]
    [InlineData(90, "1 min 30 s")]
    [InlineData(600, "10 min")]
    [InlineData(3600, "1 h")]
    [InlineData(21000, "5 h 50 min")]
    [InlineData(86400, "24 h")]
    public void Durations_read_like_prose(double seconds, string expected) =>
        Assert.Equal(expected, Durations.Format(TimeSpan.FromSeconds(seconds)));

    private static List<string> Lines(string text) =>
        [.. text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0)];
}
