namespace Resilience.Functional.Report;

/// <summary>The report of one benchmark class.</summary>
/// <param name="FullName">The class's full name, as in the report's file name.</param>
/// <param name="ParameterNames">The parameter columns whose values vary between rows.</param>
/// <param name="Rows">The rows in report order.</param>
internal sealed record BenchmarkClass(string FullName, IReadOnlyList<string> ParameterNames, IReadOnlyList<BenchmarkRow> Rows)
{
    /// <summary>The method every ratio is taken against.</summary>
    public const string Anchor = "Polly";

    /// <summary>The class name without its namespace.</summary>
    public string Name => FullName[(FullName.LastIndexOf('.') + 1)..];

    /// <summary>Whether some row is the anchor.</summary>
    public bool HasAnchor => Rows.Any(static r => r.Method == Anchor);

    /// <summary>
    /// <paramref name="row"/>'s mean over the mean of the <c>Polly</c> row with the same parameter values; null when
    /// there is no such row or either mean is missing.
    /// </summary>
    public double? RatioToAnchor(BenchmarkRow row)
    {
        var anchor = Rows.FirstOrDefault(r => r.Method == Anchor && r.GroupKey == row.GroupKey);
        return anchor?.MeanNanoseconds is > 0 and var polly && row.MeanNanoseconds is { } mean ? mean / polly : null;
    }
}
