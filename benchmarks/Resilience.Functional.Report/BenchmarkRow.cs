namespace Resilience.Functional.Report;

/// <summary>One row of a BenchmarkDotNet report: a method under one set of parameter values.</summary>
/// <param name="Method">The benchmark method.</param>
/// <param name="Parameters">The values of the class's varying parameter columns, in column order.</param>
/// <param name="Mean">The mean as BenchmarkDotNet formatted it.</param>
/// <param name="Allocated">Allocated bytes per operation as formatted, or "NA".</param>
/// <param name="MeanNanoseconds">The mean in nanoseconds; null when the benchmark did not run.</param>
/// <param name="AllocatedBytes">The allocation in bytes; null when not measured.</param>
internal sealed record BenchmarkRow(
    string Method,
    IReadOnlyList<string> Parameters,
    string Mean,
    string Allocated,
    double? MeanNanoseconds,
    double? AllocatedBytes)
{
    /// <summary>The parameter values as one key, to find the rows measured under the same ones.</summary>
    public string GroupKey => string.Join('\u001f', Parameters);
}
