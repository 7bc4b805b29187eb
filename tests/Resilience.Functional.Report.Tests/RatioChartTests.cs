using System.Xml.Linq;

namespace Resilience.Functional.Report.Tests;

public sealed class RatioChartTests
{
    [Fact]
    public void Bars_are_the_rows_with_a_polly_row_except_raw_and_polly()
    {
        var bars = RatioChart.Bars([Fixture.Contention(), Fixture.Linq()]);

        Assert.Equal(["LockContention · Functional (Workers=1)", "LockContention · Functional (Workers=2)"], bars.Select(b => b.Label));
        Assert.Equal(0.1, bars[0].Ratio, 9);
    }

    [Fact]
    public void The_chart_is_well_formed_svg_with_no_external_resource()
    {
        var svg = RatioChart.Render("Ratios <&> \"quoted\"", [("A · B & C", 0.5), ("D", 2.5)]);

        var root = XDocument.Parse(svg).Root!;
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(ns + "svg", root.Name);
        Assert.Equal("Ratios <&> \"quoted\"", root.Element(ns + "title")!.Value);
        Assert.Equal(2, root.Elements(ns + "rect").Count(r => (string?)r.Attribute("height") == "16"));
        Assert.DoesNotContain("href", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("<style", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("url(", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void A_longer_ratio_draws_a_longer_bar()
    {
        var root = XDocument.Parse(RatioChart.Render("t", [("a", 0.2), ("b", 0.4)])).Root!;
        var widths = root.Elements().Where(e => e.Name.LocalName == "rect" && (string?)e.Attribute("height") == "16")
            .Select(e => double.Parse((string)e.Attribute("width")!, System.Globalization.CultureInfo.InvariantCulture)).ToList();

        Assert.Equal(2 * widths[0], widths[1], 0);
    }

    [Fact]
    public void An_empty_chart_is_still_well_formed() => XDocument.Parse(RatioChart.Render("none", []));

    [Theory]
    [InlineData(0.0512, "0.051")]
    [InlineData(1, "1.00")]
    [InlineData(12.345, "12.35")]
    public void Ratios_are_formatted_invariantly(double ratio, string expected) => Assert.Equal(expected, RatioChart.Format(ratio));
}
