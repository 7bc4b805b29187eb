using System.Reflection;
using FsCheck;
using FsCheck.Fluent;
using Resilience.Functional.CircuitBreaking;
using static Resilience.Functional.Tests.Options.Ranges;

namespace Resilience.Functional.Tests.Options;

public class OptionsPropertyTests
{
    private const int TestsPerSetting = 300;

    private static Config Quick(OptionSetting setting, string what) =>
        Config.QuickThrowOnFailure.WithMaxTest(TestsPerSetting).WithName($"{setting} {what}");

    private static Exception? Set(OptionSetting setting, object instance, object? value)
    {
        try
        {
            setting.Options.GetProperty(setting.Property)!.SetMethod!.Invoke(instance, [value]);
            return null;
        }
        catch (TargetInvocationException e)
        {
            return e.InnerException;
        }
    }

    private static void AssertRejected(Exception? thrown, string paramName, object? value)
    {
        var rejected = Assert.IsAssignableFrom<ArgumentException>(thrown);
        Assert.True(paramName == rejected.ParamName, $"{value}: ParamName {rejected.ParamName}, expected {paramName}");
    }

    [Fact]
    public void Every_out_of_range_value_is_rejected_at_construction_with_the_property_named()
    {
        foreach (var setting in OptionSettings.All.Where(s => s.Rejected is not null))
        {
            Check.One(Quick(setting, "rejects"), Prop.ForAll(Arb.From(setting.Rejected!), (object? value) =>
                AssertRejected(Set(setting, OptionSettings.Create(setting.Options), value), setting.Property, value)));
        }
    }

    [Fact]
    public void Every_in_range_value_is_accepted_and_kept()
    {
        foreach (var setting in OptionSettings.All)
        {
            Check.One(Quick(setting, "accepts"), Prop.ForAll(Arb.From(setting.Accepted), (object? value) =>
            {
                var instance = OptionSettings.Create(setting.Options);
                Assert.Null(Set(setting, instance, value));
                Assert.Equal(value, setting.Options.GetProperty(setting.Property)!.GetValue(instance));
            }));
        }
    }

    // A new options type, or a new property on one, fails here until its range is written down in OptionSettings.
    [Fact]
    public void Every_public_options_type_and_settable_property_has_generated_ranges()
    {
        static Type Definition(Type t) => t.IsGenericType ? t.GetGenericTypeDefinition() : t;
        var published = typeof(Op).Assembly.GetExportedTypes()
            .Where(t => t.Name.Split('`')[0].EndsWith("Options", StringComparison.Ordinal))
            .Select(Definition)
            .OrderBy(t => t.FullName)
            .ToArray();
        var covered = OptionSettings.All.Select(s => Definition(s.Options)).Distinct().OrderBy(t => t.FullName).ToArray();
        Assert.Equal(published.Select(t => t.FullName), covered.Select(t => t.FullName));

        foreach (var options in OptionSettings.All.Select(s => s.Options).Distinct())
        {
            var settable = options.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.SetMethod is { IsPublic: true })
                .Select(p => p.Name)
                .Order();
            Assert.Equal(settable, OptionSettings.All.Where(s => s.Options == options).Select(s => s.Property).Order());
        }
    }

    // The one check across settings: a count window must be able to reach the minimum throughput. It runs when the
    // breaker is built from the options.
    [Fact]
    public void A_minimum_throughput_above_a_count_window_is_rejected_when_the_breaker_is_built()
    {
        var sizes = Arb.From(from size in Ints(1, 10_000) from throughput in Ints(1, int.MaxValue) select (size, throughput));
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), Prop.ForAll(sizes, pair =>
        {
            var options = new CircuitBreakerOptions { FailureRatio = 0.5, Window = SlidingWindow.ByCount(pair.size), MinimumThroughput = pair.throughput };
            var thrown = Record.Exception(() => new CircuitBreaker(options).Apply(BreakerInput.Requested));
            if (pair.throughput > pair.size)
            {
                AssertRejected(thrown, nameof(CircuitBreakerOptions.MinimumThroughput), pair);
            }
            else
            {
                Assert.Null(thrown);
            }
        }));
    }

    // The adaptive limit's range: MinLimit <= InitialLimit <= MaxLimit, checked when the limiter is built.
    [Fact]
    public void A_limit_range_out_of_order_is_rejected_when_the_limiter_is_built()
    {
        var limits = Arb.From(from min in Ints(1, 1000) from initial in Ints(1, 1000) from max in Ints(1, 1000) select (min, initial, max));
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), Prop.ForAll(limits, l =>
        {
            var options = new AdaptiveConcurrencyOptions { MinLimit = l.min, InitialLimit = l.initial, MaxLimit = l.max };
            var thrown = Record.Exception(() => new AdaptiveConcurrencyLimiter(options));
            if (l.min > l.max)
            {
                AssertRejected(thrown, nameof(AdaptiveConcurrencyOptions.MinLimit), l);
            }
            else if (l.initial < l.min || l.initial > l.max)
            {
                AssertRejected(thrown, nameof(AdaptiveConcurrencyOptions.InitialLimit), l);
            }
            else
            {
                Assert.Null(thrown);
            }
        }));
    }

    [Fact]
    public void Health_thresholds_accept_ordered_ratios_in_range_and_reject_the_rest_naming_the_parameter()
    {
        var inRange = Doubles(0, 1, lowOpen: true);
        var accepted = Arb.From(from a in inRange from b in inRange select (degraded: Math.Min(a, b), unhealthy: Math.Max(a, b)));
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), Prop.ForAll(accepted, pair =>
        {
            var thresholds = new HealthThresholds(pair.degraded, pair.unhealthy);
            Assert.Equal((pair.degraded, pair.unhealthy), (thresholds.Degraded, thresholds.Unhealthy));
        }));

        var outside = DoublesOutside(0, 1, lowOpen: true);
        var rejected = Arb.From(Gen.OneOf(
            from d in outside from u in inRange select (d, u, "degraded"),
            from d in inRange from u in outside select (d, u, "unhealthy"),
            from a in inRange from b in inRange where a != b select (Math.Max(a, b), Math.Min(a, b), "degraded")));
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), Prop.ForAll(rejected, c =>
            AssertRejected(Record.Exception(() => new HealthThresholds(c.Item1, c.Item2)), c.Item3, c)));
    }

    [Fact]
    public void A_token_ratio_budget_accepts_its_ranges_keeps_the_values_and_rejects_the_rest_naming_the_parameter()
    {
        // The budget counts tokens to 10^-6: an accepted value is kept to that resolution, never turned into zero or
        // raised; a value below it is refused.
        const double resolution = 1e-6;
        var maxTokens = Doubles(resolution, 1000, lowOpen: false);
        var ratio = Doubles(resolution, 1, lowOpen: false);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(1000), Prop.ForAll(Arb.From(from m in maxTokens from r in ratio select (m, r)), pair =>
        {
            var budget = new TokenRatioRetryBudget(pair.m, pair.r);
            Assert.True(Math.Abs(budget.MaxTokens - pair.m) <= resolution / 2, $"maxTokens {pair.m:R} became {budget.MaxTokens:R}");
            Assert.True(Math.Abs(budget.TokenRatio - pair.r) <= resolution / 2, $"tokenRatio {pair.r:R} became {budget.TokenRatio:R}");
            Assert.False(budget.IsExhausted, $"a fresh budget of {pair.m:R} tokens is exhausted");
        }));

        var rejected = Arb.From(Gen.OneOf(
            from m in DoublesOutside(resolution, 1000, lowOpen: false) from r in ratio select (m, r, "maxTokens"),
            from m in maxTokens from r in DoublesOutside(resolution, 1, lowOpen: false) select (m, r, "tokenRatio")));
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), Prop.ForAll(rejected, c =>
            AssertRejected(Record.Exception(() => new TokenRatioRetryBudget(c.Item1, c.Item2)), c.Item3, c)));
    }
}
