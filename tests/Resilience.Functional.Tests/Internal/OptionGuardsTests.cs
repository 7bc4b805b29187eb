namespace Resilience.Functional.Tests;

/// <summary>
/// The guards every option record validates with: a value outside the allowed range fails with an
/// <see cref="ArgumentException"/> that names the parameter and says what is allowed; a value inside it is kept as it is.
/// </summary>
public class OptionGuardsTests
{
    [Fact]
    public void A_non_negative_delay_accepts_zero_up_to_the_longest_timer_wait()
    {
        Assert.Equal(TimeSpan.Zero, OptionGuards.NonNegativeDelay(TimeSpan.Zero, "delay"));
        Assert.Equal(TimeSpan.FromSeconds(3), OptionGuards.NonNegativeDelay(TimeSpan.FromSeconds(3), "delay"));
        Assert.Equal(OptionGuards.MaxDelay, OptionGuards.NonNegativeDelay(OptionGuards.MaxDelay, "delay"));
    }

    [Theory]
    [InlineData(-1L)]
    [InlineData(1L)]
    public void A_non_negative_delay_rejects_a_negative_one_and_one_beyond_the_longest_timer_wait(long ticksBeyond)
    {
        var value = ticksBeyond < 0 ? TimeSpan.FromTicks(-1) : OptionGuards.MaxDelay + TimeSpan.FromTicks(1);

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => OptionGuards.NonNegativeDelay(value, "delay"));

        Assert.Equal("delay", ex.ParamName);
        Assert.Equal(value, ex.ActualValue);
        Assert.StartsWith($"delay must be at least zero and at most {OptionGuards.MaxDelay}.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_null_option_is_rejected_naming_it()
    {
        var ex = Assert.Throws<ArgumentNullException>(() => OptionGuards.NotNull<string>(null, "classifier"));

        Assert.Equal("classifier", ex.ParamName);
        Assert.StartsWith("classifier must not be null.", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(1.0)]
    public void A_probability_accepts_zero_to_one_both_included(double value) =>
        Assert.Equal(value, OptionGuards.Probability(value, "rate"));

    [Theory]
    [InlineData(-0.001)]
    [InlineData(1.001)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_probability_rejects_values_outside_zero_to_one_and_nan(double value)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => OptionGuards.Probability(value, "rate"));

        Assert.Equal("rate", ex.ParamName);
        Assert.StartsWith("rate must be a probability in [0, 1].", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(2.5)]
    public void A_non_negative_number_accepts_zero_and_more(double value) =>
        Assert.Equal(value, OptionGuards.NonNegative(value, "factor"));

    [Theory]
    [InlineData(-1.0)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NaN)]
    public void A_non_negative_number_rejects_negative_infinite_and_nan_values(double value)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => OptionGuards.NonNegative(value, "factor"));

        Assert.Equal("factor", ex.ParamName);
        Assert.StartsWith("factor must be finite and at least 0.", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(double.Epsilon)]
    [InlineData(3.0)]
    public void A_positive_number_accepts_anything_above_zero(double value) =>
        Assert.Equal(value, OptionGuards.Positive(value, "rate"));

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NaN)]
    public void A_positive_number_rejects_zero_negative_infinite_and_nan_values(double value)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => OptionGuards.Positive(value, "rate"));

        Assert.Equal("rate", ex.ParamName);
        Assert.StartsWith("rate must be finite and greater than 0.", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, false, "ratio must be in [0, 1].")]
    [InlineData(true, false, "ratio must be in (0, 1].")]
    [InlineData(false, true, "ratio must be in [0, 1).")]
    [InlineData(true, true, "ratio must be in (0, 1).")]
    public void A_range_refusal_says_which_ends_are_included(bool lowOpen, bool highOpen, string expected)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => OptionGuards.Between(2, 0, 1, "ratio", lowOpen, highOpen));

        Assert.Equal("ratio", ex.ParamName);
        Assert.StartsWith(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_other_refusals_say_what_is_allowed()
    {
        var count = Assert.Throws<ArgumentOutOfRangeException>(() => OptionGuards.Positive(0, "attempts"));
        var duration = Assert.Throws<ArgumentOutOfRangeException>(() => OptionGuards.NonNegative(TimeSpan.FromTicks(-1), "start"));
        var positive = Assert.Throws<ArgumentOutOfRangeException>(() => OptionGuards.Positive(TimeSpan.Zero, "bucket"));
        var name = Assert.Throws<ArgumentException>(() => OptionGuards.Name(" ", "name"));

        Assert.StartsWith("attempts must be at least 1.", count.Message, StringComparison.Ordinal);
        Assert.StartsWith("start must be zero or more.", duration.Message, StringComparison.Ordinal);
        Assert.StartsWith("bucket must be greater than zero.", positive.Message, StringComparison.Ordinal);
        Assert.StartsWith("name must be a non-empty text (the resilience.policy.name telemetry tag).", name.Message, StringComparison.Ordinal);
        Assert.Equal("attempts", count.ParamName);
        Assert.Equal("start", duration.ParamName);
        Assert.Equal("bucket", positive.ParamName);
        Assert.Equal("name", name.ParamName);
    }
}
