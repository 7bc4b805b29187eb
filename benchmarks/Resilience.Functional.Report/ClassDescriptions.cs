using System.Text;
using System.Xml.Linq;

namespace Resilience.Functional.Report;

/// <summary>
/// Each benchmark class's XML summary, from the documentation file the benchmark project writes: the one place that
/// says what a class compares, so the README cannot drift from the code.
/// </summary>
internal static class ClassDescriptions
{
    /// <summary>The summary of every type in <paramref name="xml"/>, by full name, as one line of Markdown.</summary>
    public static IReadOnlyDictionary<string, string> Parse(string xml) =>
        XDocument.Parse(xml).Descendants("member")
            .Select(static m => (Name: (string?)m.Attribute("name") ?? string.Empty, Summary: m.Element("summary")))
            .Where(static m => m.Name.StartsWith("T:", StringComparison.Ordinal) && m.Summary is not null)
            .ToDictionary(static m => m.Name[2..], static m => OneLine(m.Summary!), StringComparer.Ordinal);

    private static string OneLine(XElement summary)
    {
        var text = new StringBuilder();
        foreach (var node in summary.Nodes())
        {
            text.Append(node switch
            {
                XText t => t.Value,
                XElement { Name.LocalName: "c" } e => $"`{e.Value}`",
                XElement { Name.LocalName: "see" or "seealso" } e => $"`{ShortName((string?)e.Attribute("cref") ?? (string?)e.Attribute("langword") ?? e.Value)}`",
                XElement { Name.LocalName: "paramref" or "typeparamref" } e => $"`{(string?)e.Attribute("name")}`",
                XElement e => e.Value,
                _ => string.Empty,
            });
        }

        return string.Join(' ', text.ToString().Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
    }

    private static string ShortName(string cref)
    {
        var name = cref.Length > 2 && cref[1] == ':' ? cref[2..] : cref;
        var parenthesis = name.IndexOf('(', StringComparison.Ordinal);
        name = parenthesis < 0 ? name : name[..parenthesis];
        var parts = name.Split('.');
        return cref.StartsWith("T:", StringComparison.Ordinal) || parts.Length < 2 ? parts[^1] : $"{parts[^2]}.{parts[^1]}";
    }
}
