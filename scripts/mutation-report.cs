// Writes tests/MUTATION.md from Stryker's JSON reports and the results of earlier runs (tests/mutation-results.tsv): the
// score per file and per project, and every surviving mutant with the reason it is equivalent, taken from
// tests/mutation-equivalents.tsv.
// Usage: dotnet run scripts/mutation-report.cs -- <repository root> [<report.json>...]
using System.Globalization;
using System.Text;
using System.Text.Json;

if (args.Length < 1)
{
    Console.Error.WriteLine("usage: dotnet run scripts/mutation-report.cs -- <repository root> [<mutation-report.json>...] (none: rewrite tests/MUTATION.md from tests/mutation-results.tsv, after editing tests/mutation-equivalents.tsv)");
    return 2;
}

var root = Path.GetFullPath(args[0]);
var equivalents = Equivalents.Load(Path.Combine(root, "tests", "mutation-equivalents.tsv"));

// Each file's latest results, kept in tests/mutation-results.tsv: a report replaces the rows of the files it tested
// (a file none of whose mutants it tested, as outside a --mutate filter, keeps its earlier rows) and drops the rows of
// its project's files that no longer exist; so a project can be measured a folder at a time, and tests/MUTATION.md
// always covers every file measured so far.
var resultsPath = Path.Combine(root, "tests", "mutation-results.tsv");
var results = Results.Load(resultsPath);
foreach (var report in args.Skip(1))
{
    using var json = JsonDocument.Parse(File.ReadAllText(report));
    var projectRoot = json.RootElement.GetProperty("projectRoot").GetString()!;
    var project = $"src/{Path.GetFileName(projectRoot)}";
    var measured = new Results.Project();
    foreach (var file in json.RootElement.GetProperty("files").EnumerateObject())
    {
        var path = $"{project}/{Path.GetRelativePath(projectRoot, file.Name).Replace('\\', '/')}";
        var source = File.Exists(Path.Combine(root, path)) ? File.ReadAllLines(Path.Combine(root, path)) : [];
        var (killed, timedOut, tested) = (0, 0, false);
        foreach (var mutant in file.Value.GetProperty("mutants").EnumerateArray())
        {
            var status = mutant.GetProperty("status").GetString();
            tested |= status is not "Ignored";
            switch (status)
            {
                case "Killed": killed++; break;
                case "Timeout": timedOut++; break;
                case "NoCoverage": measured.Survivors.Add(Survivor.Of(path, source, mutant, "NoCoverage")); break;
                case "Survived": measured.Survivors.Add(Survivor.Of(path, source, mutant, "Survived")); break;
            }
        }

        if (tested)
        {
            measured.Files[path] = (killed, timedOut);
        }
    }

    if (results.TryGetValue(project, out var earlier))
    {
        foreach (var (path, counts) in earlier.Files.Where(f => !measured.Files.ContainsKey(f.Key) && File.Exists(Path.Combine(root, f.Key))))
        {
            measured.Files[path] = counts;
            measured.Survivors.AddRange(earlier.Survivors.Where(s => s.Path == path));
        }
    }

    results[project] = measured;
}

Results.Save(resultsPath, results);
var files = new List<FileScore>();
var survivors = new List<Survivor>();
foreach (var (_, measured) in results)
{
    foreach (var (path, (killed, timedOut)) in measured.Files)
    {
        var score = new FileScore(path) { Killed = killed, Timeout = timedOut };
        foreach (var survivor in measured.Survivors.Where(s => s.Path == path))
        {
            var reason = equivalents.Reason(survivor);
            survivors.Add(survivor with { Reason = reason });
            if (reason is not null) { score.Equivalent++; }
            else if (survivor.Status == "Survived") { score.Survived++; }
            else { score.NoCoverage++; }
        }

        if (score.Total > 0)
        {
            files.Add(score);
        }
    }
}

var text = new StringBuilder();
text.AppendLine("# Mutation score")
    .AppendLine()
    .AppendLine(CultureInfo.InvariantCulture, $"Written by `scripts/mutation.sh` on {DateTime.UtcNow:yyyy-MM-dd} (dotnet-stryker, `{Environment.ProcessorCount}` cores, {Environment.OSVersion}) for {results.Count} project(s), each file from its latest run (`tests/mutation-results.tsv`; a run with `--mutate` measures only the files it names); not part of CI (too slow).")
    .AppendLine("Score = (killed + timed out) / (killed + timed out + survived + no coverage). A survivor listed with a reason in")
    .AppendLine("`tests/mutation-equivalents.tsv` is equivalent (same observable outcome) and counts as neither; compile errors and")
    .AppendLine("mutants Stryker ignores are left out. Goal: ≥ 90 % per project, ≥ 85 % in every file with logic.")
    .AppendLine();
foreach (var project in files.GroupBy(f => Project(f.Path)).OrderBy(g => g.Key, StringComparer.Ordinal))
{
    var all = project.Aggregate(new FileScore(project.Key), (sum, f) => sum.Add(f));
    text.AppendLine(CultureInfo.InvariantCulture, $"## {project.Key}: {all.Score:0.0} %")
        .AppendLine()
        .AppendLine("| File | Killed | Timed out | Survived | No coverage | Equivalent | Score |")
        .AppendLine("|---|---:|---:|---:|---:|---:|---:|");
    foreach (var f in project.OrderBy(f => f.Score).ThenBy(f => f.Path, StringComparer.Ordinal))
    {
        var flag = f.Score < 85 ? " **below 85 %**" : string.Empty;
        text.AppendLine(CultureInfo.InvariantCulture, $"| `{f.Path[(project.Key.Length + 1)..]}` | {f.Killed} | {f.Timeout} | {f.Survived} | {f.NoCoverage} | {f.Equivalent} | {f.Score:0.0} %{flag} |");
    }

    text.AppendLine(CultureInfo.InvariantCulture, $"| **all** | {all.Killed} | {all.Timeout} | {all.Survived} | {all.NoCoverage} | {all.Equivalent} | **{all.Score:0.0} %** |").AppendLine();
}

text.AppendLine("## Survivors").AppendLine()
    .AppendLine("| Where | Mutator | Original → mutant | Reason it is equivalent |")
    .AppendLine("|---|---|---|---|");
foreach (var s in survivors.OrderBy(s => s.Reason is not null).ThenBy(s => s.Path, StringComparer.Ordinal).ThenBy(s => s.Line))
{
    text.AppendLine(CultureInfo.InvariantCulture, $"| `{s.Path}:{s.Line}` | {s.Mutator} | `{Cell(s.Original)}` → `{Cell(s.Replacement)}` | {s.Reason ?? $"**not accounted for ({s.Status})**: kill it with a test or explain it"} |");
}

var stale = equivalents.Unused();
if (stale.Count > 0)
{
    text.AppendLine().AppendLine("## Stale entries of tests/mutation-equivalents.tsv (they match no surviving mutant: remove them)").AppendLine();
    foreach (var entry in stale)
    {
        text.AppendLine(CultureInfo.InvariantCulture, $"- `{Cell(entry)}`");
    }
}

File.WriteAllText(Path.Combine(root, "tests", "MUTATION.md"), text.ToString());
var unaccounted = survivors.Count(s => s.Reason is null);
Console.WriteLine($"tests/MUTATION.md: {files.Count} files, {survivors.Count} survivors, {unaccounted} not accounted for.");
return 0;

static string Project(string path) => path.Split('/') is [var top, var project, ..] ? $"{top}/{project}" : path;

static string Cell(string code) => code.Replace("|", "\\|", StringComparison.Ordinal).Replace("`", "'", StringComparison.Ordinal);

internal sealed class FileScore(string path)
{
    public string Path { get; } = path;
    public int Killed { get; set; }
    public int Timeout { get; set; }
    public int Survived { get; set; }
    public int NoCoverage { get; set; }
    public int Equivalent { get; set; }
    public int Total => Killed + Timeout + Survived + NoCoverage + Equivalent;
    public double Score => Killed + Timeout + Survived + NoCoverage == 0 ? 100 : 100.0 * (Killed + Timeout) / (Killed + Timeout + Survived + NoCoverage);

    public FileScore Add(FileScore other)
    {
        (Killed, Timeout, Survived, NoCoverage, Equivalent) =
            (Killed + other.Killed, Timeout + other.Timeout, Survived + other.Survived, NoCoverage + other.NoCoverage, Equivalent + other.Equivalent);
        return this;
    }
}

// Context: the mutated line of source, which tells apart two equal mutations of one file.
internal sealed partial record Survivor(string Path, int Line, string Mutator, string Original, string Replacement, string Context, string Status, string? Reason = null)
{
    // Code on one line with single spaces, as tests/mutation-equivalents.tsv holds it.
    private static string OneLine(string code) => Whitespace().Replace(code, " ").Trim();

    [System.Text.RegularExpressions.GeneratedRegex(@"\s+")]
    private static partial System.Text.RegularExpressions.Regex Whitespace();

    // A line that is only a brace says nothing: the line above it (an if, a method) says which block it is.
    private static string LineOf(string[] source, int line) =>
        line > source.Length ? "?"
        : OneLine(source[line - 1]) is "{" or "}" && line > 1 ? $"{OneLine(source[line - 2])} {OneLine(source[line - 1])}"
        : OneLine(source[line - 1]);

    public static Survivor Of(string path, string[] source, JsonElement mutant, string status)
    {
        var location = mutant.GetProperty("location");
        var (start, end) = (location.GetProperty("start"), location.GetProperty("end"));
        var (line, column) = (start.GetProperty("line").GetInt32(), start.GetProperty("column").GetInt32());
        var (endLine, endColumn) = (end.GetProperty("line").GetInt32(), end.GetProperty("column").GetInt32());
        var original = line == endLine && line <= source.Length
            ? source[line - 1][Math.Min(column - 1, source[line - 1].Length)..Math.Min(endColumn - 1, source[line - 1].Length)]
            : line <= source.Length ? source[line - 1].Trim() + " …" : "?";
        var replacement = mutant.TryGetProperty("replacement", out var r) ? r.GetString() ?? string.Empty : string.Empty;
        return new Survivor(path, line, mutant.GetProperty("mutatorName").GetString() ?? "?", OneLine(original), OneLine(replacement), LineOf(source, line), status);
    }
}

// Lines of tests/mutation-equivalents.tsv: file, mutator, the mutated line of code, mutant code, reason (tab-separated; '#' starts a
// comment). Matched by text, not line number, so an entry survives edits elsewhere in the file.
internal sealed class Equivalents(IReadOnlyDictionary<string, string> reasons)
{
    public static Equivalents Load(string path) => new(
        File.Exists(path)
            ? File.ReadLines(path)
                .Where(l => l.Length > 0 && !l.StartsWith('#'))
                .Select(l => l.Split('\t'))
                .Select(p => p.Length == 5 ? p : throw new FormatException($"{path}: expected 5 tab-separated fields, got {p.Length}: {string.Join(" | ", p)}"))
                .ToDictionary(p => Key(p[0], p[1], p[2], p[3]), p => p[4], StringComparer.Ordinal)
            : new Dictionary<string, string>());

    private readonly HashSet<string> used = new(StringComparer.Ordinal);

    public string? Reason(Survivor s)
    {
        var key = Key(s.Path, s.Mutator, s.Context, s.Replacement);
        if (!reasons.TryGetValue(key, out var reason))
        {
            return null;
        }

        used.Add(key);
        return reason;
    }

    public IReadOnlyList<string> Unused() => [.. reasons.Keys.Where(k => !used.Contains(k)).Select(k => k.Replace('\u0001', '\t'))];

    private static string Key(string path, string mutator, string line, string replacement) => $"{path}\u0001{mutator}\u0001{line}\u0001{replacement}";
}

// tests/mutation-results.tsv, tab-separated: "F", file, killed, timed out; "S", file, line, mutator, original, mutant,
// mutated line, status (Survived or NoCoverage). The project of a row is the first two parts of its file's path.
internal static class Results
{
    public sealed class Project
    {
        public Dictionary<string, (int Killed, int TimedOut)> Files { get; } = new(StringComparer.Ordinal);

        public List<Survivor> Survivors { get; } = [];
    }

    public static SortedDictionary<string, Project> Load(string path)
    {
        var results = new SortedDictionary<string, Project>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return results;
        }

        foreach (var fields in File.ReadLines(path).Where(l => l.Length > 0).Select(l => l.Split('\t')))
        {
            var project = Of(fields[1]);
            var entry = results.TryGetValue(project, out var found) ? found : results[project] = new Project();
            switch (fields)
            {
                case ["F", var file, var killed, var timedOut]:
                    entry.Files[file] = (int.Parse(killed, CultureInfo.InvariantCulture), int.Parse(timedOut, CultureInfo.InvariantCulture));
                    break;
                case ["S", var file, var line, var mutator, var original, var replacement, var context, var status]:
                    entry.Survivors.Add(new Survivor(file, int.Parse(line, CultureInfo.InvariantCulture), mutator, original, replacement, context, status));
                    break;
                default:
                    throw new FormatException($"{path}: a row that is neither F (4 fields) nor S (8 fields): {string.Join(" | ", fields)}");
            }
        }

        return results;
    }

    public static void Save(string path, SortedDictionary<string, Project> results) =>
        File.WriteAllLines(path, results.Values.SelectMany(static p =>
            p.Files.OrderBy(static f => f.Key, StringComparer.Ordinal).Select(static f => string.Join('\t', "F", f.Key, f.Value.Killed, f.Value.TimedOut))
                .Concat(p.Survivors.Select(static s => string.Join('\t', "S", s.Path, s.Line, s.Mutator, s.Original, s.Replacement, s.Context, s.Status)))));

    private static string Of(string file) => file.Split('/') is [var top, var project, ..] ? $"{top}/{project}" : file;
}
