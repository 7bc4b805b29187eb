namespace Resilience.Functional.Tests;

/// <summary>Measures what a hot path allocates, for the zero-allocation tests of every combinator.</summary>
internal static class Allocations
{
    /// <summary>
    /// The fewest bytes allocated on this thread by <paramref name="calls"/> warm calls of <paramref name="call"/>, over
    /// <paramref name="rounds"/> rounds. The runtime itself allocates a few bytes once per process at some point of a
    /// warm loop (measured: 32 B once, after about 10,000 calls, whatever the code); a per-call allocation shows in
    /// every round.
    /// </summary>
    public static long LeastPerRound(Action call, int calls = 1000, int rounds = 5)
    {
        for (var i = 0; i < 100; i++)
        {
            call();
        }

        var least = long.MaxValue;
        for (var round = 0; round < rounds; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < calls; i++)
            {
                call();
            }

            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return least;
    }
}
