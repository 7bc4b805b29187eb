using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Resilience.Functional.DependencyInjection.Tests;

/// <summary>A bad setting fails startup (ValidateOnStart) with the key path, the allowed range and the configured value.</summary>
public class ConfigurationValidationTests
{
    private const string Orders = SettingsSamples.Orders;

    private static string StartupFailure(Dictionary<string, string?> settings)
    {
        using var host = new Hosting(settings, s => s.AddResiliencePolicyFromConfiguration("orders"));
        return Assert.Throws<OptionsValidationException>(host.ValidateOnStart).Message;
    }

    [Theory]
    [InlineData("Bulkhead:MaxConcurrency", "0", "MaxConcurrency must be between 1 and 2147483647")]
    [InlineData("Bulkhead:MaxQueueWait", "-1s", "MaxQueueWait")]
    [InlineData("Timeout:Timeout", "0s", "Timeout must be")]
    [InlineData("Timeout:Mode", "Eager", "Failed to convert configuration value")]
    [InlineData("RateLimiter:Burst", "0", "Burst must be between 1 and 2147483647")]
    [InlineData("RateLimiter:MaxWait", "-5s", "maxWait")]
    [InlineData("Retry:MaxRetries", "-1", "MaxRetries")]
    [InlineData("Retry:Factor", "0.5", "factor")]
    [InlineData("Retry:Backoff", "Sometimes", "must be Immediate, Constant, Linear, Exponential, Fibonacci or DecorrelatedJitter")]
    [InlineData("Retry:Jitter", "Lots", "must be None, Full or Equal")]
    [InlineData("Retry:Budget:RetryRatio", "11", "RetryRatio must be in [0, 10]")]
    [InlineData("Retry:Budget:Ttl", "2m", "Ttl must be in [1 s, 60 s]")]
    [InlineData("Retry:Budget:Kind", "Magic", "must be Percent or TokenRatio")]
    [InlineData("CircuitBreaker:FailureRatio", "1.5", "FailureRatio must be in (0, 1]")]
    [InlineData("CircuitBreaker:ConsecutiveFailures", "0", "ConsecutiveFailures must be at least 1")]
    [InlineData("CircuitBreaker:HalfOpenProbes", "0", "HalfOpenProbes")]
    [InlineData("CircuitBreaker:WindowBuckets", "0", "bucket count must be at least 1")]
    [InlineData("CircuitBreaker:BreakDurationFactor", "0.5", "factor")]
    [InlineData("Hedging:MaxHedgedAttempts", "101", "MaxHedgedAttempts must be in [1, 100]")]
    [InlineData("Chaos:FaultRate", "2", "Rate must be in (0, 1]")]
    [InlineData("Chaos:FaultStatusCode", "42", "An HTTP status code must be in [100, 599]")]
    [InlineData("AttemptTimeout:Timeout", "soon", "not a duration; write \"00:00:05\", \"5s\"")]
    public void A_bad_value_fails_startup_naming_its_key_the_range_and_the_value(string key, string value, string reason)
    {
        // A key that only matters with another (a status code with a fault rate, buckets with a window duration) gets it.
        var settings = new Dictionary<string, string?>
        {
            [$"{Orders}:Chaos:FaultRate"] = "0.5",
            [$"{Orders}:CircuitBreaker:WindowDuration"] = "10s",
            [$"{Orders}:CircuitBreaker:FailureRatio"] = "0.5",
        };
        settings[$"{Orders}:{key}"] = value;
        var message = StartupFailure(settings);

        Assert.Contains($"{Orders}:{key}", message);
        Assert.Contains(reason, message);
        Assert.Contains(value, message);
    }

    [Fact]
    public void The_message_reads_as_key_reason_and_value()
    {
        var message = StartupFailure(new() { [$"{Orders}:Bulkhead:MaxConcurrency"] = "0" });

        Assert.Contains($"{Orders}:Bulkhead:MaxConcurrency: MaxConcurrency must be between 1 and 2147483647. (configured: '0')", message);
    }

    [Fact]
    public void A_rule_across_settings_names_the_key_that_breaks_it()
    {
        var message = StartupFailure(new()
        {
            [$"{Orders}:CircuitBreaker:FailureRatio"] = "0.5",
            [$"{Orders}:CircuitBreaker:WindowSize"] = "10",
            [$"{Orders}:CircuitBreaker:MinimumThroughput"] = "20",
        });

        Assert.Contains($"{Orders}:CircuitBreaker:MinimumThroughput: MinimumThroughput must be at most the size of a count-based Window (10)", message);
    }

    [Fact]
    public void A_misspelt_key_fails_startup_instead_of_being_ignored()
    {
        var message = StartupFailure(new() { [$"{Orders}:Retry:MaxRetry"] = "3" });

        Assert.Contains($"{Orders}:", message);
        Assert.Contains("MaxRetry", message);
    }

    [Fact]
    public void A_missing_section_fails_startup()
    {
        var message = StartupFailure(new() { ["Resilience:Policies:payments:Timeout:Timeout"] = "1s" });

        Assert.Contains($"{Orders}: the section of resilience policy 'orders' is missing or empty.", message);
    }

    [Fact]
    public void Every_bad_policy_is_reported_at_once()
    {
        using var host = new Hosting(
            new Dictionary<string, string?>
            {
                [$"{Orders}:Bulkhead:MaxConcurrency"] = "0",
                ["Resilience:Policies:payments:Timeout:Timeout"] = "-1s",
            },
            s => s.AddResiliencePolicyFromConfiguration("orders").AddResiliencePolicyFromConfiguration("payments"));

        var error = Assert.Throws<OptionsValidationException>(host.ValidateOnStart);

        Assert.Equal(2, error.Failures.Count());
    }

    [Fact]
    public void A_valid_configuration_passes_startup()
    {
        using var host = new Hosting(SettingsSamples.Everything(), s => s.AddResiliencePolicyFromConfiguration("orders"));

        host.ValidateOnStart();

        Assert.Equal(1, host.Registry.Get("orders").Generation);
    }
}
