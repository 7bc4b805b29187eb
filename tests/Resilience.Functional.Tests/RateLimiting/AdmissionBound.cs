namespace Resilience.Functional.Tests;

/// <summary>The token bucket's documented bound, checked from recorded admission times.</summary>
public static class AdmissionBound
{
    /// <summary>
    /// Whether admission times (ticks, in order) keep the bound: in every window from one admission to a later one, at
    /// most <paramref name="burst"/> plus <paramref name="rate"/> per <paramref name="periodTicks"/> of its length.
    /// </summary>
    public static bool Holds(IReadOnlyList<long> admitted, int burst, int rate, long periodTicks)
    {
        for (var i = 0; i < admitted.Count; i++)
        {
            for (var j = i; j < admitted.Count; j++)
            {
                var allowed = burst + ((Int128)(admitted[j] - admitted[i]) * rate / periodTicks);
                if (j - i + 1 > allowed)
                {
                    return false;
                }
            }
        }

        return true;
    }
}
