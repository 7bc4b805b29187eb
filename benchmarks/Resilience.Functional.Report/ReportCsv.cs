namespace Resilience.Functional.Report;

/// <summary>Reads BenchmarkDotNet's <c>*-report.csv</c>.</summary>
internal static class ReportCsv
{
    /// <summary>The file-name suffix of the CSV report.</summary>
    public const string Suffix = "-report.csv";

    /// <summary>
    /// The class reported in <paramref name="text"/>. Columns before <c>Mean</c> other than <c>Method</c> are the job's
    /// settings and the class's parameters; those whose values differ between rows are the ones a reader needs.
    /// </summary>
    /// <param name="fullName">The class's full name.</param>
    /// <param name="text">The CSV text.</param>
    /// <exception cref="FormatException">The CSV lacks a Method, Mean or Allocated column, or a row is short.</exception>
    public static BenchmarkClass Parse(string fullName, string text)
    {
        var records = Csv.Parse(text);
        if (records.Count == 0)
        {
            throw new FormatException($"{fullName}: the report is empty.");
        }

        var header = records[0];
        int Column(string name) =>
            header.ToList().IndexOf(name) is >= 0 and var i ? i : throw new FormatException($"{fullName}: no '{name}' column.");
        var method = Column("Method");
        var mean = Column("Mean");
        var allocated = Column("Allocated");
        var rows = records.Skip(1).ToList();
        if (rows.FirstOrDefault(r => r.Count != header.Count) is { } bad)
        {
            throw new FormatException($"{fullName}: a row has {bad.Count} fields, the header {header.Count}.");
        }

        var varying = Enumerable.Range(0, mean)
            .Where(c => c != method && rows.Select(r => r[c]).Distinct(StringComparer.Ordinal).Skip(1).Any())
            .ToList();
        return new BenchmarkClass(
            fullName,
            varying.Select(c => header[c]).ToList(),
            rows.Select(r => new BenchmarkRow(
                r[method],
                varying.Select(c => r[c]).ToList(),
                r[mean],
                r[allocated],
                Quantities.Nanoseconds(r[mean]),
                Quantities.Bytes(r[allocated]))).ToList());
    }

    /// <summary>The class's full name from a report file name, or null when the file is not a CSV report.</summary>
    public static string? ClassName(string path) =>
        Path.GetFileName(path) is var file && file.EndsWith(Suffix, StringComparison.Ordinal) ? file[..^Suffix.Length] : null;
}
