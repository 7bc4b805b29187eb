using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Tests;

/// <summary>A bucket and a run of arrivals: each waits <c>Gap</c> ticks after the previous and may wait up to <c>MaxWait</c> ticks for a token.</summary>
public sealed record BucketScenario(int Rate, long PeriodTicks, int Burst, (long Gap, long MaxWait)[] Arrivals)
{
    public override string ToString() =>
        $"rate {Rate} per {PeriodTicks} ticks, burst {Burst}, arrivals [{string.Join(", ", Arrivals.Select(a => $"+{a.Gap}/{a.MaxWait}"))}]";
}

public static class BucketArbitraries
{
    public static Arbitrary<BucketScenario> Scenarios() =>
        Arb.From(
            from rate in Gen.Choose(1, 20)
            from periodMs in Gen.Choose(1, 1000)
            from burst in Gen.Choose(1, 10)
            let periodTicks = periodMs * TimeSpan.TicksPerMillisecond
            from arrivals in Gen.ArrayOf(
                from gap in Gen.Choose(0, 3000)
                from waits in Gen.Frequency((3, Gen.Constant(0)), (1, Gen.Choose(1, 5000)))
                select ((long)gap * periodTicks / (1000L * rate), (long)waits * periodTicks / (1000L * rate)))
            select new BucketScenario(rate, periodTicks, burst, arrivals));
}

[Properties(MaxTest = 500, Arbitrary = new[] { typeof(BucketArbitraries) })]
public class TokenBucketPropertyTests
{
    /// <summary>When each admitted call gets its token, in ticks since the start; rejected calls are left out.</summary>
    private static List<long> Admissions(BucketScenario s)
    {
        var time = new FakeTimeProvider();
        var bucket = new TokenBucket(new TokenBucketOptions
        {
            TokensPerPeriod = s.Rate,
            Period = TimeSpan.FromTicks(s.PeriodTicks),
            Burst = s.Burst,
            TimeProvider = time,
        });
        var admitted = new List<long>();
        var now = 0L;
        foreach (var (gap, maxWait) in s.Arrivals)
        {
            time.Advance(TimeSpan.FromTicks(gap));
            now += gap;
            if (bucket.TryReserve(TimeSpan.FromTicks(maxWait), out var wait, out _))
            {
                admitted.Add(now + wait.Ticks);
            }
        }

        admitted.Sort();
        return admitted;
    }

    [Property]
    public bool Never_admits_more_than_the_bucket_allows_in_any_window(BucketScenario s)
    {
        return AdmissionBound.Holds(Admissions(s), s.Burst, s.Rate, s.PeriodTicks);
    }

    [Property]
    public bool A_rejected_caller_gets_a_token_after_its_retry_after(BucketScenario s)
    {
        var time = new FakeTimeProvider();
        var bucket = new TokenBucket(new TokenBucketOptions
        {
            TokensPerPeriod = s.Rate,
            Period = TimeSpan.FromTicks(s.PeriodTicks),
            Burst = s.Burst,
            TimeProvider = time,
        });
        foreach (var (gap, _) in s.Arrivals)
        {
            time.Advance(TimeSpan.FromTicks(gap));
            if (!bucket.TryAcquire(out var retryAfter))
            {
                if (retryAfter <= TimeSpan.Zero)
                {
                    return false;
                }

                time.Advance(retryAfter - TimeSpan.FromTicks(1));
                if (bucket.TryAcquire())
                {
                    return false;
                }

                time.Advance(TimeSpan.FromTicks(1));
                if (!bucket.TryAcquire())
                {
                    return false;
                }
            }
        }

        return true;
    }

    [Property]
    public bool Arrivals_slower_than_the_rate_are_all_admitted(BucketScenario s)
    {
        var slow = s with { Arrivals = s.Arrivals.Select(a => (Math.Max(a.Gap, (s.PeriodTicks + s.Rate - 1) / s.Rate), 0L)).ToArray() };
        return Admissions(slow).Count == s.Arrivals.Length;
    }
}
