using System.Text.RegularExpressions;

namespace Resilience.Functional.Tests.Docs;

/// <summary>
/// Every code block of README.md and docs/*.md is code a test compiles and runs. A <c>```csharp</c> or
/// <c>```fsharp</c> block is preceded by <c>&lt;!-- snippet: name --&gt;</c>, and exactly one test source file under
/// tests/ (C# or F#) holds the region <c>// snippet: name</c> … <c>// end snippet</c> whose text, without its common
/// indentation, is the block. Blocks marked <c>```text</c> or with no language are output (a program's printout, a
/// pipeline's <c>Describe()</c>, a folder listing) and are not compiled; any other language is refused, so a code
/// block cannot slip past the check by its tag.
/// </summary>
public partial class DocSnippetTests
{
    private static readonly string Root = FindRoot();

    private static readonly Lazy<IReadOnlyList<DocBlock>> Blocks = new(ReadBlocks);

    private static readonly Lazy<IReadOnlyList<Region>> Regions = new(ReadRegions);

    /// <summary>The csharp and fsharp blocks of every page, by page and snippet name.</summary>
    public static TheoryData<string, string> Snippets()
    {
        var data = new TheoryData<string, string>();
        foreach (var block in Blocks.Value.Where(b => b.IsCode && b.Snippet is not null))
        {
            data.Add(block.Page, block.Snippet!);
        }

        return data;
    }

    [Fact]
    public void The_docs_exist_and_have_code_to_check()
    {
        Assert.Contains(Blocks.Value, b => b.Page == "README.md" && b.IsCode);
        Assert.True(Blocks.Value.Count(b => b.IsCode) >= 20, $"only {Blocks.Value.Count(b => b.IsCode)} code blocks found");
    }

    [Fact]
    public void Every_block_is_csharp_fsharp_or_output()
    {
        var others = Blocks.Value.Where(b => !b.IsCode && b.Language is not ("" or "text"));
        Assert.Empty(others.Select(b => $"{b.Page}:{b.Line} ```{b.Language}"));
    }

    [Fact]
    public void Every_code_block_has_a_snippet_marker()
    {
        var unmarked = Blocks.Value.Where(b => b.IsCode && b.Snippet is null);
        Assert.Empty(unmarked.Select(b => $"{b.Page}:{b.Line}"));
    }

    [Fact]
    public void Every_marker_names_exactly_one_region()
    {
        var names = Regions.Value.ToLookup(r => r.Name);
        var problems = Blocks.Value
            .Where(b => b.Snippet is not null)
            .Select(b => (Block: b, Count: names[b.Snippet!].Count()))
            .Where(x => x.Count != 1)
            .Select(x => $"{x.Block.Page}:{x.Block.Line} '{x.Block.Snippet}' has {x.Count} regions");
        Assert.Empty(problems);
    }

    [Fact]
    public void Every_region_is_shown_in_a_page()
    {
        var shown = Blocks.Value.Select(b => b.Snippet).ToHashSet();
        Assert.Empty(Regions.Value.Where(r => !shown.Contains(r.Name)).Select(r => $"{r.File} '{r.Name}'"));
    }

    [Fact]
    public void Regions_are_closed_and_not_nested()
    {
        Assert.Empty(Regions.Value.Where(r => r.Problem is not null).Select(r => $"{r.File} '{r.Name}': {r.Problem}"));
    }

    [Theory]
    [MemberData(nameof(Snippets))]
    public void The_block_is_the_code_of_its_region(string page, string snippet)
    {
        var block = Blocks.Value.Single(b => b.Page == page && b.Snippet == snippet);
        var region = Assert.Single(Regions.Value, r => r.Name == snippet);

        Assert.Equal(block.Language, region.Language);
        Assert.Equal(block.Text, region.Text);
    }

    [Fact]
    public void Relative_links_point_to_files_that_exist()
    {
        var broken =
            from page in Pages()
            let folder = Path.GetDirectoryName(Path.Combine(Root, page))!
            from match in Link().Matches(File.ReadAllText(Path.Combine(Root, page))).Cast<Match>()
            let target = match.Groups["target"].Value
            where !target.StartsWith("http", StringComparison.Ordinal) && !target.StartsWith('#')
            let file = Path.GetFullPath(Path.Combine(folder, target.Split('#')[0]))
            where !File.Exists(file) && !Directory.Exists(file) && !WrittenElsewhere(file)
            select $"{page}: {target}";
        Assert.Empty(broken);
    }

    [Fact]
    public void Links_to_a_heading_name_one_that_exists()
    {
        var broken =
            from page in Pages()
            let folder = Path.GetDirectoryName(Path.Combine(Root, page))!
            from match in Link().Matches(File.ReadAllText(Path.Combine(Root, page))).Cast<Match>()
            let target = match.Groups["target"].Value
            where !target.StartsWith("http", StringComparison.Ordinal) && target.Contains('#')
            let parts = target.Split('#', 2)
            let file = parts[0].Length == 0 ? Path.Combine(Root, page) : Path.GetFullPath(Path.Combine(folder, parts[0]))
            where file.EndsWith(".md", StringComparison.Ordinal) && File.Exists(file)
            where !Anchors(file).Contains(parts[1])
            select $"{page}: {target}";
        Assert.Empty(broken);
    }

    // The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces as hyphens.
    private static System.Collections.Generic.HashSet<string> Anchors(string file) =>
        File.ReadAllLines(file)
            .Where(line => line.StartsWith('#'))
            .Select(line => AnchorPunctuation().Replace(line.TrimStart('#').Trim().ToLowerInvariant(), "").Replace(' ', '-'))
            .ToHashSet();

    // docs/telemetry.md is written on the telemetry branch of the same issue; the pages link to it already.
    private static bool WrittenElsewhere(string file) =>
        file == Path.GetFullPath(Path.Combine(Root, "docs", "telemetry.md"));

    private static IEnumerable<string> Pages() =>
        new[] { "README.md" }.Concat(
            Directory.Exists(Path.Combine(Root, "docs"))
                ? Directory.GetFiles(Path.Combine(Root, "docs"), "*.md").Select(f => "docs/" + Path.GetFileName(f)).Order(StringComparer.Ordinal)
                : []);

    private static IReadOnlyList<DocBlock> ReadBlocks()
    {
        var blocks = new List<DocBlock>();
        foreach (var page in Pages())
        {
            var lines = File.ReadAllText(Path.Combine(Root, page)).ReplaceLineEndings("\n").Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                if (!lines[i].StartsWith("```", StringComparison.Ordinal))
                {
                    continue;
                }

                var language = lines[i][3..].Trim();
                var end = System.Array.FindIndex(lines, i + 1, l => l.StartsWith("```", StringComparison.Ordinal));
                Assert.True(end > i, $"{page}:{i + 1} has an unclosed code block");
                var marker = LastNonEmptyBefore(lines, i) is { } previous ? Marker().Match(previous) : Match.Empty;
                blocks.Add(new DocBlock(
                    page,
                    i + 1,
                    language,
                    marker.Success ? marker.Groups["name"].Value : null,
                    Normalize(lines[(i + 1)..end])));
                i = end;
            }
        }

        return blocks;
    }

    private static IReadOnlyList<Region> ReadRegions()
    {
        var regions = new List<Region>();
        var files = Directory.GetFiles(Path.Combine(Root, "tests"), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".fs", StringComparison.Ordinal))
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .Where(f => Path.GetFileName(f) != nameof(DocSnippetTests) + ".cs");
        foreach (var file in files)
        {
            var lines = File.ReadAllText(file).ReplaceLineEndings("\n").Split('\n');
            var relative = Path.GetRelativePath(Root, file);
            var language = file.EndsWith(".fs", StringComparison.Ordinal) ? "fsharp" : "csharp";
            for (var i = 0; i < lines.Length; i++)
            {
                var start = RegionStart().Match(lines[i]);
                if (!start.Success)
                {
                    continue;
                }

                var end = System.Array.FindIndex(lines, i + 1, l => l.Trim() == "// end snippet");
                var nested = end < 0 ? -1 : System.Array.FindIndex(lines, i + 1, end - i - 1, l => RegionStart().IsMatch(l));
                var problem = end < 0 ? "no // end snippet" : nested >= 0 ? "another region starts inside it" : null;
                regions.Add(new Region(
                    start.Groups["name"].Value,
                    relative,
                    language,
                    problem is null ? Normalize(lines[(i + 1)..end]) : "",
                    problem));
                i = end < 0 ? i : end;
            }
        }

        return regions;
    }

    private static string? LastNonEmptyBefore(string[] lines, int index)
    {
        for (var i = index - 1; i >= 0; i--)
        {
            if (lines[i].Trim().Length > 0)
            {
                return lines[i];
            }
        }

        return null;
    }

    // Lines without their common indentation and trailing spaces, blank lines at either end dropped.
    private static string Normalize(string[] lines)
    {
        var trimmed = lines.Select(l => l.TrimEnd()).ToArray();
        var indent = trimmed.Where(l => l.Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
        return string.Join("\n", trimmed.Select(l => l.Length >= indent ? l[indent..] : l)).Trim('\n');
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Resilience.Functional.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Resilience.Functional.sln above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex(@"^\s*<!--\s*snippet:\s*(?<name>[a-z0-9-]+)\s*-->\s*$")]
    private static partial Regex Marker();

    [GeneratedRegex(@"^\s*// snippet: (?<name>[a-z0-9-]+)\s*$")]
    private static partial Regex RegionStart();

    [GeneratedRegex(@"[^\w\- ]")]
    private static partial Regex AnchorPunctuation();

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex Link();

    private sealed record DocBlock(string Page, int Line, string Language, string? Snippet, string Text)
    {
        public bool IsCode => Language is "csharp" or "fsharp";
    }

    private sealed record Region(string Name, string File, string Language, string Text, string? Problem);
}
