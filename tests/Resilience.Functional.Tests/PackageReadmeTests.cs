using System.Text.RegularExpressions;

namespace Resilience.Functional.Tests;

/// <summary>
/// Every package ships its own README (src/&lt;Project&gt;/README.md): short, with an install line, without links that
/// break on a package page, and with an example that a test compiles and runs (tests/&lt;Project&gt;.Tests/PackageReadmeExample.*,
/// between the "package README begins" and "package README ends" lines).
/// </summary>
public partial class PackageReadmeTests
{
    private static readonly string Root = FindRoot();

    /// <summary>The packable projects under src/.</summary>
    public static TheoryData<string> Packages() => new(PackageNames());

    private static IEnumerable<string> PackageNames() =>
        Directory.GetFiles(Path.Combine(Root, "src"), "*.*proj", SearchOption.AllDirectories)
            .Where(project => !File.ReadAllText(project).Contains("<IsPackable>false</IsPackable>", StringComparison.Ordinal))
            .Select(Path.GetFileNameWithoutExtension)
            .Order(StringComparer.Ordinal)!;

    [Fact]
    public void Every_library_under_src_is_a_package()
    {
        Assert.Equal(
            [
                "Resilience.Functional", "Resilience.Functional.AspNetCore", "Resilience.Functional.DependencyInjection", "Resilience.Functional.FSharp",
                "Resilience.Functional.HealthChecks", "Resilience.Functional.Http", "Resilience.Functional.RateLimiting", "Resilience.Functional.Redis",
                "Resilience.Functional.Testing",
            ],
            PackageNames());
    }

    [Theory]
    [MemberData(nameof(Packages))]
    public void The_package_readme_is_short_says_how_to_install_and_has_no_relative_links(string package)
    {
        var readme = Readme(package);

        Assert.StartsWith($"# {package}\n", readme);
        Assert.Contains($"\ndotnet add package {package}\n", readme);
        Assert.InRange(readme.Length, 200, 4_000);
        Assert.Empty(RelativeLink().Matches(readme).Select(m => m.Value));
    }

    [Theory]
    [MemberData(nameof(Packages))]
    public void The_package_readme_example_is_the_code_a_test_runs(string package)
    {
        var block = Assert.Single(CodeBlock().Matches(Readme(package)).Select(m => m.Groups["code"].Value));
        var mirrorPath = Directory.GetFiles(Path.Combine(Root, "tests", package + ".Tests"), "PackageReadmeExample.*").Single();
        var mirror = File.ReadAllText(mirrorPath).ReplaceLineEndings("\n").Split('\n');

        // using / open lines of the example sit at the top of the test file; the rest is the marked region.
        var lines = block.Split('\n');
        var imports = lines.TakeWhile(l => l.StartsWith("using ", StringComparison.Ordinal) || l.StartsWith("open ", StringComparison.Ordinal)).ToList();
        Assert.All(imports, line => Assert.Contains(line, mirror));

        var start = System.Array.FindIndex(mirror, l => l.Trim() == "// package README begins");
        var end = System.Array.FindIndex(mirror, l => l.Trim() == "// package README ends");
        Assert.True(start >= 0 && end > start, $"{mirrorPath} has no marked region");
        Assert.Equal(Trim(lines.Skip(imports.Count)), Trim(Dedent(mirror[(start + 1)..end])));
    }

    private static string Readme(string package)
    {
        var path = Path.Combine(Root, "src", package, "README.md");
        Assert.True(File.Exists(path), $"{path} is missing");
        return File.ReadAllText(path).ReplaceLineEndings("\n");
    }

    private static string[] Dedent(string[] lines)
    {
        var indent = lines.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
        return lines.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart()).ToArray();
    }

    private static string Trim(IEnumerable<string> lines) => string.Join("\n", lines).Trim('\n');

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

    // A markdown link or image whose target is not an absolute http(s) address, or an HTML src/href that is not.
    [GeneratedRegex(@"\]\((?!https?://)[^)]*\)|(?:src|href)=""(?!https?://)[^""]*""")]
    private static partial Regex RelativeLink();

    [GeneratedRegex("```(?:csharp|fsharp)\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();
}
