using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Resilience.Functional.Tests;

/// <summary>
/// The laws of the adaptive limit (docs/concurrency-limit.md#algorithms), for both algorithms, over random settings and
/// runs of calls; seeded, so a run is reproducible.
/// </summary>
[Properties(MaxTest = 400, Replay = "(20261202,1017)", Arbitrary = new[] { typeof(ConcurrencyLimitArbitraries) })]
public class ConcurrencyLimitPropertyTests
{
    private static Config Seeded(int tests) => Config.QuickThrowOnFailure.WithMaxTest(tests).WithReplay(20261202, 1017);

    [Property]
    public void The_limit_stays_within_its_range_and_the_gate_follows_it(ConcurrencyScenario s)
    {
        var limiter = new AdaptiveConcurrencyLimiter(s.Options);
        foreach (var call in s.Calls)
        {
            limiter.Feed(call);
            Assert.InRange(limiter.Estimate, s.Options.MinLimit, s.Options.MaxLimit);
            Assert.Equal((int)limiter.Estimate, limiter.Limit);
            Assert.Equal(limiter.Limit, limiter.Gate.MaxConcurrency);
        }
    }

    [Property]
    public void A_permanent_failure_or_a_cancellation_is_no_sample(ConcurrencyScenario s)
    {
        var limiter = new AdaptiveConcurrencyLimiter(s.Options);
        foreach (var call in s.Calls)
        {
            var before = limiter.Estimate;
            limiter.Feed(call);
            if (call.Outcome is SampleOutcome.Permanent or SampleOutcome.Cancelled)
            {
                Assert.Equal(before, limiter.Estimate);
            }
        }
    }

    [Property]
    public void A_drop_never_raises_the_limit(ConcurrencyScenario s)
    {
        var limiter = new AdaptiveConcurrencyLimiter(s.Options);
        foreach (var call in s.Calls)
        {
            var before = limiter.Estimate;
            limiter.Feed(call with { Outcome = SampleOutcome.Drop });
            Assert.True(limiter.Estimate <= before, $"{before} -> {limiter.Estimate}");
            Assert.True(limiter.Estimate < before || before == s.Options.MinLimit || s.Options.Algorithm is Gradient2Options, $"AIMD held at {before}");
        }
    }

    // After the same history, a slower call never leaves a higher limit than a faster one.
    [Property]
    public void A_slower_call_never_leaves_a_higher_limit_than_a_faster_one(ConcurrencyScenario s, PositiveInt fasterMs, PositiveInt extraMs)
    {
        var faster = TimeSpan.FromMilliseconds(fasterMs.Get);
        var slower = faster + TimeSpan.FromMilliseconds(extraMs.Get);
        double After(TimeSpan latency)
        {
            var limiter = new AdaptiveConcurrencyLimiter(s.Options with { TimeProvider = new Microsoft.Extensions.Time.Testing.FakeTimeProvider() });
            foreach (var call in s.Calls)
            {
                limiter.Feed(call);
            }

            limiter.Feed(limiter.Busy(latency));
            return limiter.Estimate;
        }

        Assert.True(After(slower) <= After(faster), $"{slower}: {After(slower)} > {faster}: {After(faster)}");
    }

    // Falling (or steady) latency under load raises the limit until it reaches the maximum: Gradient2 by Smoothing ×
    // QueueSize per call; AIMD by one slot per limit's worth of calls while they are under its latency threshold.
    [Fact]
    public void Falling_latency_under_load_raises_the_limit_to_the_maximum()
    {
        var runs = from options in ConcurrencyLimitArbitraries.Options(Gen.OneOf(ConcurrencyLimitArbitraries.Aimd, ConcurrencyLimitArbitraries.Gradient2()))
                   from start in Gen.Choose(1, 5_000)
                   from steps in Gen.ArrayOf(Gen.Choose(0, 50))
                   select (options, start, steps);
        Check.One(Seeded(400), Prop.ForAll(Arb.From(runs), run =>
        {
            var (options, start, steps) = run;
            var limiter = new AdaptiveConcurrencyLimiter(options);
            var latency = TimeSpan.FromMilliseconds(start);
            if (options.Algorithm is AimdOptions aimd && latency > aimd.LatencyThreshold)
            {
                latency = aimd.LatencyThreshold;
            }

            foreach (var step in steps.Append(0))
            {
                latency -= TimeSpan.FromTicks(Math.Min(latency.Ticks, step * TimeSpan.TicksPerMillisecond / 10));
                var before = limiter.Estimate;
                limiter.Feed(limiter.Busy(latency));
                var grows = options.Algorithm is not Gradient2Options { QueueSize: 0 };
                Assert.True(limiter.Estimate > before || before == options.MaxLimit || !grows, $"{before} -> {limiter.Estimate} at {latency}");
                Assert.True(limiter.Estimate >= before, $"{before} -> {limiter.Estimate} at {latency}");
            }
        }));
    }

    // Rising latency lowers the limit: AIMD on every call over its threshold, to the minimum; Gradient2 on every call
    // much slower than the long-term average, while the limit is above 2 × QueueSize (where its headroom holds it).
    [Fact]
    public void Rising_latency_lowers_the_limit()
    {
        var aimd = from options in ConcurrencyLimitArbitraries.Options(ConcurrencyLimitArbitraries.Aimd)
                   from rises in Gen.ArrayOf(Gen.Choose(1, 60_000))
                   select (options, rises);
        Check.One(Seeded(400), Prop.ForAll(Arb.From(aimd), run =>
        {
            var limiter = new AdaptiveConcurrencyLimiter(run.options);
            var latency = ((AimdOptions)run.options.Algorithm).LatencyThreshold;
            foreach (var rise in run.rises)
            {
                latency += TimeSpan.FromMilliseconds(rise);
                var before = limiter.Estimate;
                limiter.Feed(limiter.Busy(latency));
                Assert.True(limiter.Estimate < before || before == run.options.MinLimit, $"{before} -> {limiter.Estimate} at {latency}");
            }
        }));

        // Each call at least 10 × tolerance × the slowest before it, after a steady warm-up: the gradient is at its
        // floor (0.5), so the limit moves towards half of itself plus QueueSize.
        var gradient2 = from options in ConcurrencyLimitArbitraries.Options(ConcurrencyLimitArbitraries.Gradient2(minWindow: 10, maxToleranceTenths: 20))
                        from warmup in Gen.Choose(10, 100)
                        from baseMs in Gen.Choose(1, 100)
                        from rises in Gen.Choose(1, 5)
                        select (options, warmup, baseMs, rises);
        Check.One(Seeded(400), Prop.ForAll(Arb.From(gradient2), run =>
        {
            var limiter = new AdaptiveConcurrencyLimiter(run.options with { MaxLimit = 300, InitialLimit = 300, MinLimit = Math.Min(run.options.MinLimit, 300) });
            var algorithm = (Gradient2Options)run.options.Algorithm;
            var latency = TimeSpan.FromMilliseconds(run.baseMs);
            for (var i = 0; i < run.warmup; i++)
            {
                limiter.Feed(limiter.Busy(latency));
            }

            for (var i = 0; i < run.rises; i++)
            {
                latency *= 10 * algorithm.RttTolerance;
                var before = limiter.Estimate;
                limiter.Feed(limiter.Busy(latency));
                var floor = Math.Max(2 * algorithm.QueueSize, limiter.Options.MinLimit);
                Assert.True(limiter.Estimate < before || before <= floor, $"{before} -> {limiter.Estimate} at {latency}");
            }
        }));
    }
}
