using Microsoft.Extensions.DependencyInjection;
using Resilience.Functional.DependencyInjection.Configuration;

namespace Resilience.Functional.DependencyInjection.Tests;

/// <summary>Every option of every pattern binds from configuration, in the documented order.</summary>
public class ConfigurationBindingTests
{
    private const string Orders = SettingsSamples.Orders;

    private static Hosting Host(Dictionary<string, string?> settings) =>
        new(settings, s => s.AddResiliencePolicyFromConfiguration("orders"));

    [Fact]
    public void Every_key_of_every_pattern_reaches_its_option_in_the_documented_order()
    {
        using var host = Host(SettingsSamples.Everything());
        var orders = host.Registry.Get("orders");

        Assert.Equal(
            """
            orders: pipeline of 9 layer(s), outermost first
              1. orders.rate-limiter: TokenBucket(50 per 2s, burst 60, wait up to 250ms)
              2. orders.bulkhead: Bulkhead(8 concurrent, queue 4, queue wait 1s)
              3. total-timeout: Timeout(5s, Pessimistic)
              4. retry: Retry(backoff Exponential(100ms, x3).CapDelay(00:02:00).EqualJitter().MaxRetries(4).MaxElapsed(00:01:00), budget Percent(ratio 0.3, min 5/s, ttl 20s), classifier default (transient only))
              5. hedging: Hedging(up to 2 hedged attempt(s), delay on failure only)
              6. orders.circuit-breaker: CircuitBreaker(opens on 3 consecutive failures or failure ratio 0.5 over 30s window, min 20 calls or slow-call ratio 0.8 (≥ 3s) over 30s window, min 20 calls, break Exponential(10s, x2, max 01:00:00), 2 half-open probe(s), probe timeout 15s)
              7. attempt-timeout: Timeout(1.5s, Cooperative)
              8. chaos-latency: ChaosLatency(rate 0.2, latency 1.00:00:00)
              9. chaos-fault: ChaosFault(rate 0.1, error HTTP 500)
            """.ReplaceLineEndings("\n"),
            orders.Current.Describe());
        var breaker = (CircuitBreaker)orders.Parts.Single(p => p.Kind == ResiliencePartKind.CircuitBreaker).Instance;
        Assert.Equal(SlidingWindow.ByTime(TimeSpan.FromSeconds(30), 6), breaker.Options.Window);
        Assert.Same(host.Clock, breaker.Options.TimeProvider);
        Assert.Equal(["orders.rate-limiter", "orders.bulkhead", "orders.retry-budget", "orders.circuit-breaker"], orders.Parts.Select(p => p.Name));
    }

    [Theory]
    [InlineData("00:00:05", 5_000)]
    [InlineData("5s", 5_000)]
    [InlineData("250ms", 250)]
    [InlineData("2m", 120_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("1d", 86_400_000)]
    [InlineData("0.5s", 500)]
    [InlineData(" 7S ", 7_000)]
    [InlineData("1.00:00:00", 86_400_000)]
    public void Durations_are_read_as_time_spans_or_as_a_number_and_a_unit(string text, double milliseconds)
    {
        Assert.True(ConfigurationDuration.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("5")]
    [InlineData("5 seconds")]
    [InlineData("s")]
    [InlineData("1e400s")]
    [InlineData("00:61:00")]
    public void Other_text_is_no_duration(string text) => Assert.False(ConfigurationDuration.TryParse(text, out _));

    [Fact]
    public void Infinite_is_the_infinite_time_span() =>
        Assert.True(ConfigurationDuration.TryParse("Infinite", out var duration) && duration == Timeout.InfiniteTimeSpan);

    [Fact]
    public void Both_forms_of_a_duration_give_the_same_pipeline()
    {
        using var colon = Host(new() { [$"{Orders}:Timeout:Timeout"] = "00:00:05" });
        using var unit = Host(new() { [$"{Orders}:Timeout:Timeout"] = "5s" });

        Assert.Equal(colon.Registry.Get("orders").Current.Describe(), unit.Registry.Get("orders").Current.Describe());
    }

    [Fact]
    public void An_empty_pattern_section_takes_the_options_defaults()
    {
        using var host = Host(new() { [$"{Orders}:Retry:Budget:Kind"] = "TokenRatio", [$"{Orders}:CircuitBreaker:HalfOpenProbes"] = "1" });

        var text = host.Registry.Get("orders").Current.Describe();

        Assert.Contains(new RetryOptions().Backoff.ToString(), text);
        Assert.Contains("opens on 5 consecutive failures", text);
        var budget = Assert.IsType<TokenRatioRetryBudget>(host.Registry.Get("orders").Parts[0].Instance);
        Assert.Equal((10, 0.1), (budget.MaxTokens, budget.TokenRatio));
    }

    [Fact]
    public void Naming_a_ratio_rule_turns_the_default_consecutive_rule_off()
    {
        using var host = Host(new() { [$"{Orders}:CircuitBreaker:FailureRatio"] = "0.25", [$"{Orders}:CircuitBreaker:WindowSize"] = "50" });

        var breaker = (CircuitBreaker)host.Registry.Get("orders").Parts.Single().Instance;

        Assert.Null(breaker.Options.ConsecutiveFailures);
        Assert.Equal(0.25, breaker.Options.FailureRatio);
        Assert.Equal(SlidingWindow.ByCount(50), breaker.Options.Window);
    }

    [Theory]
    [InlineData("Immediate", "Immediate")]
    [InlineData("Constant", "Constant(100ms)")]
    [InlineData("Linear", "Linear(100ms)")]
    [InlineData("Fibonacci", "Fibonacci(100ms)")]
    [InlineData("DecorrelatedJitter", "DecorrelatedJitter(100ms, 1s).MaxRetries(2)")]
    public void Every_backoff_shape_binds(string shape, string described)
    {
        using var host = Host(new()
        {
            [$"{Orders}:Retry:Backoff"] = shape,
            [$"{Orders}:Retry:BaseDelay"] = "100ms",
            [$"{Orders}:Retry:MaxDelay"] = "1s",
            [$"{Orders}:Retry:Jitter"] = "None",
            [$"{Orders}:Retry:MaxRetries"] = "2",
        });

        Assert.Contains($"backoff {described}", host.Registry.Get("orders").Current.Describe());
    }

    [Fact]
    public async Task Chaos_can_be_switched_off_by_configuration()
    {
        var settings = new Dictionary<string, string?> { [$"{Orders}:Chaos:FaultRate"] = "1", [$"{Orders}:Chaos:FaultStatusCode"] = "503" };
        using var on = Host(settings);
        settings[$"{Orders}:Chaos:Enabled"] = "false";
        using var off = Host(settings);

        Assert.Equal(Left<Error, int>(new HttpStatusError(503)), await on.Registry.Get("orders").Wrap(Op.Succeed(1)).Run(CancellationToken.None));
        Assert.Equal(Right<Error, int>(1), await off.Registry.Get("orders").Wrap(Op.Succeed(1)).Run(CancellationToken.None));
    }

    [Fact]
    public void A_policy_can_live_at_any_section_path()
    {
        using var host = new Hosting(
            new Dictionary<string, string?> { ["Downstream:Orders:Timeout:Timeout"] = "3s" },
            s => s.AddResiliencePolicyFromConfiguration("orders", "Downstream:Orders"));

        Assert.Equal("Downstream:Orders", host.Registry.Get("orders").ConfigurationPath);
        Assert.Contains("Timeout(3s", host.Registry.Get("orders").Current.Describe());
    }
}
