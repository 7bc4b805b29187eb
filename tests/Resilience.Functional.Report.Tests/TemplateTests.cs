namespace Resilience.Functional.Report.Tests;

public sealed class TemplateTests
{
    [Fact]
    public void Notes_are_taken_out_of_the_body_in_order()
    {
        var template = Template.Parse(Fixture.Read("README.template.md"));

        Assert.Equal(["LinqBenchmarks", "RetryBenchmarks"], template.Notes.Select(n => n.Class));
        Assert.Equal("Target: Functional ≤ 2 × Raw.", template.NoteOf("LinqBenchmarks"));
        Assert.DoesNotContain("<!-- note", template.Body, StringComparison.Ordinal);
        Assert.Contains("Before/after prose stays.", template.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_marker_is_an_error()
    {
        var text = Fixture.Read("README.template.md").Replace(Template.ChartMarker, string.Empty, StringComparison.Ordinal);

        var error = Assert.Throws<FormatException>(() => Template.Parse(text));
        Assert.Contains(Template.ChartMarker, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unclosed_note_is_an_error() =>
        Assert.Throws<FormatException>(() => Template.Parse(Fixture.Read("README.template.md") + "<!-- note: X -->\ntext\n"));

    [Fact]
    public void Two_notes_for_one_class_are_an_error() =>
        Assert.Throws<FormatException>(() => Template.Parse(Fixture.Read("README.template.md") + "<!-- note: LinqBenchmarks -->\nagain\n<!-- end note -->\n"));
}
