namespace Resilience.Functional.Report.Tests;

public sealed class QuantitiesTests
{
    [Theory]
    [InlineData("3.079 ns", 3.079)]
    [InlineData("1,703.785 ns", 1703.785)]
    [InlineData("2.5 μs", 2500)]
    [InlineData("2.5 µs", 2500)]
    [InlineData("3 ms", 3_000_000)]
    [InlineData("1.5 s", 1_500_000_000)]
    public void Times_are_read_in_nanoseconds(string cell, double expected) =>
        Assert.Equal(expected, Quantities.Nanoseconds(cell)!.Value, 6);

    [Theory]
    [InlineData("0 B", 0)]
    [InlineData("-", 0)]
    [InlineData("448 B", 448)]
    [InlineData("1.5 KB", 1536)]
    [InlineData("2 MB", 2 * 1024 * 1024)]
    public void Sizes_are_read_in_bytes(string cell, double expected) => Assert.Equal(expected, Quantities.Bytes(cell));

    [Theory]
    [InlineData("NA")]
    [InlineData("")]
    [InlineData("?")]
    public void Missing_values_are_null(string cell)
    {
        Assert.Null(Quantities.Nanoseconds(cell));
        Assert.Null(Quantities.Bytes(cell));
    }

    [Theory]
    [InlineData("12 parsecs")]
    [InlineData("fast ns")]
    [InlineData("12")]
    public void Anything_else_is_an_error(string cell) => Assert.Throws<FormatException>(() => Quantities.Nanoseconds(cell));
}
