namespace Resilience.Functional.Report.Tests;

public sealed class CsvTests
{
    [Fact]
    public void Quoted_fields_keep_their_commas_and_doubled_quotes()
    {
        var records = Csv.Parse("a,\"1,703.785 ns\",\"say \"\"hi\"\"\"\r\nb,,c\n\n");

        Assert.Equal(2, records.Count);
        Assert.Equal(["a", "1,703.785 ns", "say \"hi\""], records[0]);
        Assert.Equal(["b", string.Empty, "c"], records[1]);
    }

    [Fact]
    public void An_unclosed_quote_is_an_error() => Assert.Throws<FormatException>(() => Csv.Parse("a,\"b\n"));
}
