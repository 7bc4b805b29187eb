using System.Text.RegularExpressions;

namespace Resilience.Functional.Report;

/// <summary>
/// The hand-written part of benchmarks/README.md (benchmarks/README.template.md): prose with three markers the
/// generator replaces (<see cref="RunMarker"/>, <see cref="ChartMarker"/>, <see cref="ClassesMarker"/>) and notes per
/// class (<c>&lt;!-- note: Name --&gt;</c> … <c>&lt;!-- end note --&gt;</c>) that are moved under that class's table.
/// </summary>
/// <param name="Body">The text with the notes taken out.</param>
/// <param name="Notes">Each class's note, in the template's order.</param>
internal sealed partial record Template(string Body, IReadOnlyList<(string Class, string Text)> Notes)
{
    /// <summary>Replaced by the run's date and machine.</summary>
    public const string RunMarker = "<!-- report:run -->";

    /// <summary>Replaced by the chart of ratios.</summary>
    public const string ChartMarker = "<!-- report:chart -->";

    /// <summary>Replaced by a section per class.</summary>
    public const string ClassesMarker = "<!-- report:classes -->";

    /// <summary>Reads a template.</summary>
    /// <exception cref="FormatException">A marker is missing or repeated, a note is not closed, or a class has two notes.</exception>
    public static Template Parse(string text)
    {
        text = text.ReplaceLineEndings("\n");
        var notes = new List<(string, string)>();
        var body = NotePattern().Replace(text, m =>
        {
            var name = m.Groups["name"].Value;
            if (notes.Any(n => n.Item1 == name))
            {
                throw new FormatException($"The template has two notes for {name}.");
            }

            notes.Add((name, m.Groups["text"].Value.Trim('\n')));
            return string.Empty;
        });
        if (body.Contains("<!-- note:", StringComparison.Ordinal) || body.Contains("<!-- end note -->", StringComparison.Ordinal))
        {
            throw new FormatException("The template has a note without its '<!-- end note -->' (or an end without a start).");
        }

        foreach (var marker in (string[])[RunMarker, ChartMarker, ClassesMarker])
        {
            var count = body.Split(marker).Length - 1;
            if (count != 1)
            {
                throw new FormatException($"The template must contain '{marker}' once on a line of its own; it has it {count} times.");
            }
        }

        return new Template(body, notes);
    }

    /// <summary>The note of <paramref name="className"/>, or null.</summary>
    public string? NoteOf(string className) => Notes.FirstOrDefault(n => n.Class == className).Text;

    [GeneratedRegex(@"^<!-- note: (?<name>[A-Za-z0-9_.]+) -->\n(?<text>.*?)^<!-- end note -->\n?", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex NotePattern();
}
