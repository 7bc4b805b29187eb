namespace Resilience.Functional.Simulator.Tests;

public class ArgumentParserTests
{
    private static SimulatorSettings Parsed(params string[] args) =>
        Assert.IsType<ParseResult.Run>(ArgumentParser.Parse(args)).Settings;

    private static string Invalid(params string[] args) =>
        Assert.IsType<ParseResult.Invalid>(ArgumentParser.Parse(args)).Message;

    [Fact]
    public void No_arguments_run_every_scenario_against_every_pipeline_for_ten_virtual_minutes()
    {
        var settings = Parsed();

        // The failure scenarios and the general pipelines first, then those of one pattern's scenarios.
        Assert.Equal(ScenarioCatalog.Names, settings.Scenarios);
        Assert.Equal(["flaky", "outage", "latency-spike", "overload", "mixed-errors"], settings.Scenarios.Take(5));
        Assert.Contains("overload-adaptive", settings.Scenarios);
        Assert.Contains("noisy-tenant", settings.Scenarios);
        Assert.Contains("stampede", settings.Scenarios);
        Assert.Equal(PipelineCatalog.Names, settings.Pipelines);
        Assert.Equal(["none", "retry-no-backoff", "retry-every-layer", "retry-permanent", "no-timeout", "sensitive-breaker", "standard"], settings.Pipelines.Take(7));
        Assert.Contains("adaptive-gradient2", settings.Pipelines);
        Assert.Contains("partitioned-bulkhead", settings.Pipelines);
        Assert.Contains("single-flight", settings.Pipelines);
        Assert.Equal(TimeSpan.FromMinutes(10), settings.Duration);
        Assert.Equal(50, settings.Rate);
        Assert.Equal(42UL, settings.Seed);
        Assert.Equal("resilience-report.html", settings.Output);
    }

    [Fact]
    public void Every_option_is_read_in_both_forms()
    {
        var settings = Parsed("--scenario", "outage,flaky", "--pipeline=standard", "--seed", "7", "--duration=90s", "--rate", "12.5", "--output", "out/r.html");

        Assert.Equal(["flaky", "outage"], settings.Scenarios);
        Assert.Equal(["standard"], settings.Pipelines);
        Assert.Equal(7UL, settings.Seed);
        Assert.Equal(TimeSpan.FromSeconds(90), settings.Duration);
        Assert.Equal(12.5, settings.Rate);
        Assert.Equal("out/r.html", settings.Output);
    }

    [Theory]
    [InlineData("500ms", 0.5)]
    [InlineData("90s", 90)]
    [InlineData("10m", 600)]
    [InlineData("1h", 3600)]
    [InlineData("45", 45)]
    [InlineData("1.5m", 90)]
    [InlineData("00:02:00", 120)]
    public void Durations_take_a_unit(string text, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), Parsed("--duration", text).Duration);

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public void Help_is_recognised_anywhere(string flag)
    {
        Assert.IsType<ParseResult.Help>(ArgumentParser.Parse([flag]));
        Assert.IsType<ParseResult.Help>(ArgumentParser.Parse(["--seed", "3", flag]));
        Assert.Contains("--scenario", ArgumentParser.Usage, StringComparison.Ordinal);
        Assert.Contains("latency-spike", ArgumentParser.Usage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Unknown option '--speed'", "--speed", "3")]
    [InlineData("Unknown option '--verbose'", "--verbose")]
    [InlineData("Unexpected argument 'fast'", "fast")]
    [InlineData("Unknown scenario 'meteor'", "--scenario", "flaky,meteor")]
    [InlineData("Unknown pipeline 'polly'", "--pipeline", "polly")]
    [InlineData("Invalid --seed '-1'", "--seed", "-1")]
    [InlineData("Invalid --seed 'x'", "--seed", "x")]
    [InlineData("Invalid --duration '0s'", "--duration", "0s")]
    [InlineData("Invalid --duration '25h'", "--duration", "25h")]
    [InlineData("Invalid --duration 'soon'", "--duration", "soon")]
    [InlineData("Invalid --rate '0'", "--rate", "0")]
    [InlineData("Invalid --rate 'NaN'", "--rate", "NaN")]
    [InlineData("Invalid --rate '20000'", "--rate", "20000")]
    [InlineData("Option '--rate' needs a value", "--rate")]
    [InlineData("Option '--seed' needs a value", "--seed", "--rate", "3")]
    [InlineData("Option '--seed' is given more than once", "--seed", "1", "--seed", "2")]
    public void Bad_command_lines_are_refused_with_a_clear_message(string expected, params string[] args) =>
        Assert.StartsWith(expected, Invalid(args), StringComparison.Ordinal);

    [Fact]
    public void A_command_line_that_cannot_finish_in_minutes_is_refused_before_it_starts()
    {
        // The failure scenarios, so that the count stays the same as pattern scenarios are added.
        const string failures = "flaky,outage,latency-spike,overload,mixed-errors";
        Assert.StartsWith(
            "Too many requests: 10000/s for 24 h in 35 runs is about 30,240,000,000 requests; the limit is 100,000,000.",
            Invalid("--rate", "10000", "--duration", "24h", "--scenario", failures),
            StringComparison.Ordinal);
        Assert.StartsWith("Too many requests: 1000/s for 1 h in 35 runs", Invalid("--rate", "1000", "--duration", "1h", "--scenario", failures), StringComparison.Ordinal);
        Assert.Contains("100,000,000 requests", ArgumentParser.Usage, StringComparison.Ordinal);

        // One run of an hour at 1000 requests/s is within the limit.
        Assert.Equal(1000, Parsed("--scenario", "flaky", "--pipeline", "standard", "--rate", "1000", "--duration", "1h").Rate);
    }

    [Fact]
    public void Main_exits_with_2_and_explains_on_stderr_and_with_0_for_help()
    {
        var (code, stdout, stderr) = ConsoleCapture.Run(() => Program.Main(["--duration", "never"]));
        Assert.Equal(2, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains("Invalid --duration 'never'", stderr, StringComparison.Ordinal);
        Assert.Contains("--help", stderr, StringComparison.Ordinal);

        (code, stdout, stderr) = ConsoleCapture.Run(() => Program.Main(["--help"]));
        Assert.Equal(0, code);
        Assert.Contains("Usage:", stdout, StringComparison.Ordinal);
        Assert.Equal(string.Empty, stderr);
    }
}
