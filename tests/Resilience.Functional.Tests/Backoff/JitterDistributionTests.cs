namespace Resilience.Functional.Tests;

/// <summary>
/// Each jitter kind draws from exactly its formula's distribution, not merely within its bounds: every delay is mapped
/// through the formula's CDF (the probability integral transform), which must give U(0, 1) — checked by mean, spread
/// and a Kolmogorov–Smirnov statistic on seeded draws.
/// </summary>
public class JitterDistributionTests
{
    private const int Draws = 20_000;

    // The Kolmogorov–Smirnov critical value at significance 0.001 is about 1.95 / sqrt(n) (0.0138 for 20,000 draws):
    // with a fixed seed the check is deterministic, and a formula that is off by a few percent anywhere fails it.
    private static double KsLimit(int n) => 1.95 / Math.Sqrt(n);

    private static readonly TimeSpan Base = TimeSpan.FromMilliseconds(100);

    // The undelayed exponential schedule's t for a retry: base · 2^(attempt − 1), exact in ticks.
    private static long T(int attempt) => Base.Ticks << (attempt - 1);

    [Fact]
    public void Full_jitter_is_uniform_on_zero_to_t()
    {
        var backoff = Backoff.Exponential(Base).FullJitter();
        var random = new Random(2015);

        var u = Enumerable.Range(0, Draws).Select(i =>
        {
            var attempt = (i % 6) + 1;
            return (double)((TimeSpan)backoff.Delay(attempt, random)).Ticks / T(attempt);
        }).ToArray();

        AssertStandardUniform(u);
    }

    [Fact]
    public void Equal_jitter_is_half_of_t_plus_uniform_on_zero_to_half_of_t()
    {
        var backoff = Backoff.Exponential(Base).EqualJitter();
        var random = new Random(2016);

        var u = Enumerable.Range(0, Draws).Select(i =>
        {
            var attempt = (i % 6) + 1;
            var half = T(attempt) / 2.0;
            return (((TimeSpan)backoff.Delay(attempt, random)).Ticks - half) / half;
        }).ToArray();

        AssertStandardUniform(u);
    }

    [Fact]
    public void Decorrelated_jitter_is_uniform_on_base_to_three_times_the_previous_delay()
    {
        // A cap out of reach for six steps (3^6 · 1 s < 1 h), so every delay is the uncapped draw.
        var baseDelay = TimeSpan.FromSeconds(1);
        var backoff = Backoff.DecorrelatedJitter(baseDelay, TimeSpan.FromHours(1));
        var random = new Random(2017);
        var u = new List<double>();

        while (u.Count < Draws)
        {
            var previous = baseDelay;
            foreach (var delay in backoff.Take(6, random))
            {
                u.Add((double)(delay.Ticks - baseDelay.Ticks) / ((3.0 * previous.Ticks) - baseDelay.Ticks));
                previous = delay;
            }
        }

        AssertStandardUniform([.. u]);
    }

    [Fact]
    public void Decorrelated_jitter_at_its_cap_keeps_the_uniform_draws_below_it_and_caps_the_rest()
    {
        // The first delay is U(1 s, 3 s) capped at 2 s: half the draws are capped, the rest uniform on [1 s, 2 s).
        var baseDelay = TimeSpan.FromSeconds(1);
        var cap = TimeSpan.FromSeconds(2);
        var backoff = Backoff.DecorrelatedJitter(baseDelay, cap);
        var random = new Random(2018);

        var delays = Enumerable.Range(0, Draws).Select(_ => (TimeSpan)backoff.Delay(1, random)).ToArray();
        var below = delays.Where(d => d < cap).Select(d => (double)(d - baseDelay).Ticks / (cap - baseDelay).Ticks).ToArray();

        Assert.All(delays, d => Assert.InRange(d, baseDelay, cap));
        // Binomial(20,000, 1/2): the standard deviation of the capped share is 0.0035; allow about 4 of them.
        Assert.InRange((double)(delays.Length - below.Length) / delays.Length, 0.485, 0.515);
        AssertStandardUniform(below);
    }

    private static void AssertStandardUniform(double[] u)
    {
        Assert.All(u, x => Assert.InRange(x, 0.0, 1.0));

        // U(0, 1) has mean 1/2 and standard deviation 1/sqrt(12); their sampling errors are about 0.002 here.
        var mean = u.Average();
        var sd = Math.Sqrt(u.Sum(x => (x - mean) * (x - mean)) / (u.Length - 1));
        Assert.InRange(mean, 0.5 - 0.01, 0.5 + 0.01);
        Assert.InRange(sd, (1 / Math.Sqrt(12)) - 0.01, (1 / Math.Sqrt(12)) + 0.01);

        var sorted = u.Order().ToArray();
        var n = sorted.Length;
        var d = sorted.Select((x, i) => Math.Max(((i + 1.0) / n) - x, x - ((double)i / n))).Max();
        Assert.True(d < KsLimit(n), $"Kolmogorov–Smirnov statistic {d:F4} is not below {KsLimit(n):F4} for {n} draws");
    }
}
