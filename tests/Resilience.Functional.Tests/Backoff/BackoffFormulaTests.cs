using System.Numerics;
using FsCheck.Xunit;

namespace Resilience.Functional.Tests;

/// <summary>Every constructor's delays match its formula, jitter stays within its bounds, and limits hold.</summary>
[Properties(MaxTest = 10_000, Arbitrary = new[] { typeof(BackoffArbitraries) })]
public class BackoffFormulaTests
{
    private static TimeSpan DelayOf(Backoff backoff, int attempt, int seed = 0) =>
        (TimeSpan)backoff.Delay(attempt, new Random(seed));

    private static bool InRange(TimeSpan value, TimeSpan low, TimeSpan high) => value >= low && value <= high;

    private static TimeSpan Saturated(BigInteger ticks) =>
        ticks > long.MaxValue ? TimeSpan.MaxValue : TimeSpan.FromTicks((long)ticks);

    [Property]
    public bool Immediate_and_constant_match_their_formula(FormulaCase c) =>
        DelayOf(Backoff.Immediate, c.Attempt) == TimeSpan.Zero
        && DelayOf(Backoff.Constant(c.Base), c.Attempt) == c.Base;

    [Property]
    public bool Linear_matches_its_formula(FormulaCase c) =>
        DelayOf(Backoff.Linear(c.Base), c.Attempt) == Saturated(new BigInteger(c.BaseTicks) * c.Attempt);

    [Property]
    public bool Fibonacci_matches_its_formula(FormulaCase c)
    {
        BigInteger a = 0, b = 1;
        for (var i = 1; i < Math.Min(c.Attempt, 200); i++)
        {
            (a, b) = (b, a + b);
        }

        return DelayOf(Backoff.Fibonacci(c.Base), c.Attempt) == Saturated(c.BaseTicks * b);
    }

    [Property]
    public bool Exponential_matches_its_formula(FormulaCase c)
    {
        var actual = DelayOf(Backoff.Exponential(c.Base, c.Factor), c.Attempt);
        var expected = c.BaseTicks * Math.Pow(c.Factor, c.Attempt - 1.0);
        if (c.BaseTicks == 0 || expected >= long.MaxValue)
        {
            return actual == (c.BaseTicks == 0 ? TimeSpan.Zero : TimeSpan.MaxValue);
        }

        if (c.Factor == Math.Floor(c.Factor) && c.Attempt <= 40)
        {
            // Integer factors: compare with exact arithmetic, allowing only double rounding.
            var exact = c.BaseTicks * BigInteger.Pow(new BigInteger(c.Factor), c.Attempt - 1);
            return BigInteger.Abs(exact - actual.Ticks) <= BigInteger.Max(1, exact / 1_000_000_000_000);
        }

        return Math.Abs(actual.Ticks - Math.Floor(expected)) <= Math.Max(1, expected * 1e-12);
    }

    [Property]
    public bool Capped_delays_of_every_constructor_and_jitter_stay_within_zero_and_the_cap(FormulaCase c)
    {
        Backoff[] constructors =
        [
            Backoff.Immediate, Backoff.Constant(c.Base), Backoff.Linear(c.Base), Backoff.Exponential(c.Base, c.Factor),
            Backoff.Fibonacci(c.Base),
        ];
        foreach (var backoff in constructors)
        {
            var capped = backoff.CapDelay(c.Cap);
            var t = DelayOf(capped, c.Attempt);
            if (t != Min(DelayOf(backoff, c.Attempt), c.Cap)
                || !InRange(DelayOf(capped.FullJitter(), c.Attempt, c.Seed), TimeSpan.Zero, t)
                || !InRange(DelayOf(capped.EqualJitter(), c.Attempt, c.Seed), TimeSpan.FromTicks(t.Ticks / 2), t))
            {
                return false;
            }
        }

        return true;
    }

    [Property]
    public bool Uncapped_jitter_never_goes_negative_or_overflows(FormulaCase c)
    {
        var t = DelayOf(Backoff.Exponential(c.Base, c.Factor), c.Attempt);
        var full = DelayOf(Backoff.Exponential(c.Base, c.Factor).FullJitter(), c.Attempt, c.Seed);
        var equal = DelayOf(Backoff.Exponential(c.Base, c.Factor).EqualJitter(), c.Attempt, c.Seed);
        return InRange(full, TimeSpan.Zero, t) && InRange(equal, TimeSpan.FromTicks(t.Ticks / 2), t);
    }

    [Property]
    public bool Decorrelated_jitter_stays_within_base_cap_and_three_times_the_previous(FormulaCase c)
    {
        var cap = TimeSpan.FromTicks(c.BaseTicks + c.CapTicks);
        var previous = c.Base;
        foreach (var delay in Backoff.DecorrelatedJitter(c.Base, cap).Take(8, c.Seed))
        {
            if (!InRange(delay, c.Base, Min(cap, TimeSpan.FromTicks(Math.Max(c.BaseTicks, 3 * previous.Ticks)))))
            {
                return false;
            }

            previous = delay;
        }

        return true;
    }

    [Property]
    public bool Max_retries_limits_the_number_of_retries(FormulaCase c)
    {
        var limit = (c.Attempt % 20) + 1;
        return Backoff.Exponential(c.Base, c.Factor).FullJitter().MaxRetries(limit).Take(limit + 5, c.Seed).Count == limit
            && Backoff.Never.MaxRetries(limit).Take(limit + 5, c.Seed).Count == 0;
    }

    [Property]
    public bool Cumulative_delay_never_exceeds_the_elapsed_limit(FormulaCase c)
    {
        var limit = TimeSpan.FromTicks(c.CapTicks * 20);
        var delays = Backoff.Exponential(c.Base, c.Factor).FullJitter().MaxElapsed(limit).Take(60, c.Seed);
        return delays.Fold(TimeSpan.Zero, (sum, d) => sum + d) <= limit;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a <= b ? a : b;
}
