namespace Resilience.Functional.Load.Tests;

public sealed class LoadArgumentsTests
{
    [Fact]
    public void No_arguments_give_the_defaults()
    {
        var (settings, error) = LoadArguments.Parse([]);

        Assert.Null(error);
        Assert.Equal(new LoadSettings { Workers = 2, Duration = TimeSpan.FromSeconds(10), Rounds = 3 }, settings);
    }

    [Fact]
    public void Every_option_is_taken_in_both_forms()
    {
        var (settings, _) = LoadArguments.Parse(["--workers", "8", "--duration=1.5s", "--rounds", "5"]);

        Assert.Equal(new LoadSettings { Workers = 8, Duration = TimeSpan.FromSeconds(1.5), Rounds = 5 }, settings);
    }

    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("10s", 10_000)]
    [InlineData("2m", 120_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("3", 3_000)]
    public void Durations_take_a_unit_or_seconds(string text, double milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), LoadArguments.Duration(text));

    [Theory]
    [InlineData("--workers: Workers must be from 1 to 256", "--workers", "0")]
    [InlineData("--workers: Workers must be from 1 to 256", "--workers", "257")]
    [InlineData("--workers: '-3' is not a whole number", "--workers", "-3")]
    [InlineData("--workers: 'two' is not a whole number", "--workers", "two")]
    [InlineData("--rounds: Rounds must be from 1 to 100", "--rounds=0")]
    [InlineData("--duration: '50ms' is not a duration from 100 ms to 1 h", "--duration", "50ms")]
    [InlineData("--duration: '2h' is not a duration", "--duration", "2h")]
    [InlineData("--duration: 'soon' is not a duration", "--duration", "soon")]
    [InlineData("--duration: 'NaN' is not a duration", "--duration", "NaN")]
    [InlineData("Option '--rounds' needs a value", "--rounds")]
    [InlineData("Option '--rounds' needs a value", "--rounds", "--workers", "2")]
    [InlineData("Option '--workers' is given more than once", "--workers", "1", "--workers", "2")]
    [InlineData("Unknown argument '--threads'", "--threads", "2")]
    [InlineData("Unknown argument 'fast'", "fast")]
    public void Bad_input_is_rejected_with_a_message_naming_the_option(string message, params string[] args)
    {
        var (settings, error) = LoadArguments.Parse(args);

        Assert.Null(settings);
        Assert.StartsWith(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_is_neither_settings_nor_an_error() => Assert.Equal((null, null), LoadArguments.Parse(["-h"]));
}
