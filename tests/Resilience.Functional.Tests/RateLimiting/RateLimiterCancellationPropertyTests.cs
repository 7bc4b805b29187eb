using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Resilience.Functional.Tests;

/// <summary>
/// A bucket and a run of callers through the rate limiter: each arrives <c>Gap</c> ticks after the previous, may wait
/// up to <c>MaxWait</c> ticks (0: never waits), and cancels <c>CancelAfter</c> ticks after arriving (negative: never).
/// </summary>
public sealed record LimiterScenario(int Rate, long PeriodTicks, int Burst, (long Gap, long MaxWait, long CancelAfter)[] Callers)
{
    public override string ToString() =>
        $"rate {Rate} per {PeriodTicks} ticks, burst {Burst}, callers [{string.Join(", ", Callers.Select(c => $"+{c.Gap}/{c.MaxWait}/{c.CancelAfter}"))}]";
}

public static class LimiterArbitraries
{
    public static Arbitrary<LimiterScenario> Scenarios() =>
        Arb.From(
            from rate in Gen.Choose(1, 5)
            from periodMs in Gen.Choose(1, 1000)
            from burst in Gen.Choose(1, 4)
            let periodTicks = periodMs * TimeSpan.TicksPerMillisecond
            let unit = periodTicks / (1000L * rate)
            from callers in Gen.ArrayOf(
                from gap in Gen.Frequency((1, Gen.Constant(0)), (3, Gen.Choose(0, 2000)))
                from waits in Gen.Frequency((1, Gen.Constant(0)), (3, Gen.Choose(1, 5000)))
                from cancel in Gen.Frequency((1, Gen.Constant(-1)), (1, Gen.Choose(0, 4000)))
                select (gap * unit, waits * unit, cancel < 0 ? -1L : cancel * unit))
            select new LimiterScenario(rate, periodTicks, burst, callers));
}

[Properties(MaxTest = 300, Arbitrary = new[] { typeof(LimiterArbitraries) })]
public class RateLimiterCancellationPropertyTests
{
    [Property]
    public bool Waiters_who_cancel_never_let_more_through_than_the_bucket_allows_in_any_window(LimiterScenario s)
    {
        var (admitted, unfinished) = WithoutSynchronizationContext.Run(() => (Admissions(s, out var left), left));
        if (unfinished > 0)
        {
            return false;
        }

        admitted.Sort();
        return AdmissionBound.Holds(admitted, s.Burst, s.Rate, s.PeriodTicks);
    }

    /// <summary>When each admitted call ran, in ticks since the start, read from the clock inside the operation.</summary>
    private static List<long> Admissions(LimiterScenario s, out int unfinished)
    {
        var clock = new CountingClock();
        var start = clock.GetUtcNow();
        var bucket = new TokenBucket(new TokenBucketOptions
        {
            TokensPerPeriod = s.Rate,
            Period = TimeSpan.FromTicks(s.PeriodTicks),
            Burst = s.Burst,
            TimeProvider = clock,
        });
        var admitted = new List<long>();
        var operation = Op.FromFunc(_ =>
        {
            admitted.Add((clock.GetUtcNow() - start).Ticks);
            return 0;
        });

        // Arrivals and cancellations in time order; at equal times a caller arrives before anyone cancels.
        var events = new List<(long At, int Kind, int Caller)>();
        var at = 0L;
        for (var i = 0; i < s.Callers.Length; i++)
        {
            at += s.Callers[i].Gap;
            events.Add((at, 0, i));
            if (s.Callers[i].CancelAfter >= 0)
            {
                events.Add((at + s.Callers[i].CancelAfter, 1, i));
            }
        }

        var sources = s.Callers.Select(_ => new CancellationTokenSource()).ToArray();
        var calls = new ValueTask<Either<Error, int>>[s.Callers.Length];
        foreach (var (time, kind, caller) in events.OrderBy(e => e.At).ThenBy(e => e.Kind).ThenBy(e => e.Caller))
        {
            clock.Advance(TimeSpan.FromTicks(time - (clock.GetUtcNow() - start).Ticks));
            if (kind == 1)
            {
                sources[caller].Cancel();
                continue;
            }

            var maxWait = s.Callers[caller].MaxWait;
            calls[caller] = (maxWait == 0 ? operation.WithRateLimiter(bucket) : operation.WithRateLimiter(bucket, TimeSpan.FromTicks(maxWait)))(sources[caller].Token);
        }

        clock.Advance(TimeSpan.FromTicks(s.Callers.Select(c => c.MaxWait).DefaultIfEmpty(0).Max() + 1));
        unfinished = calls.Count(c => !c.IsCompleted);
        foreach (var source in sources)
        {
            source.Dispose();
        }

        return admitted;
    }
}
