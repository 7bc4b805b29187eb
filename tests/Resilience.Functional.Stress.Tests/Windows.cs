namespace Resilience.Functional.Stress.Tests;

/// <summary>Checks admission counts against a rate bound over every window spanned by recorded admissions.</summary>
internal static class Windows
{
    /// <summary>
    /// Each admission is known only to lie in an interval [Low, High] of timestamps (the true moment is inside).
    /// A window [s, e] surely holds every admission whose interval lies inside it; returns the largest
    /// count − rate · (e − s + tolerance) over all such windows, s a Low and e a High (where the worst is found).
    /// </summary>
    public static double WorstExcess(IReadOnlyList<(double Low, double High)> admissions, double perSecond, double toleranceSeconds)
    {
        var byLow = admissions.OrderByDescending(a => a.Low).ToArray();
        var highs = new List<double>(byLow.Length);
        var worst = double.NegativeInfinity;
        foreach (var (low, high) in byLow)
        {
            var at = highs.BinarySearch(high);
            highs.Insert(at < 0 ? ~at : at, high);
            for (var k = 0; k < highs.Count; k++)
            {
                worst = Math.Max(worst, k + 1 - (perSecond * (highs[k] - low + toleranceSeconds)));
            }
        }

        return worst;
    }
}
