using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Resilience.Functional.DependencyInjection.Tests;

/// <summary>
/// A changed section becomes the next generation for new calls; a breaker whose thresholds alone changed keeps its
/// state; a bad change keeps the last good pipeline and says why (log, <see cref="ResiliencePolicy.LastReloadError"/>,
/// health).
/// </summary>
public class ConfigurationReloadTests
{
    private const string Orders = SettingsSamples.Orders;
    private static readonly Error Transient = new TimeoutError(TimeSpan.FromSeconds(1));

    private static Hosting Host(Dictionary<string, string?> settings) =>
        new(settings, s => s.AddResiliencePolicyFromConfiguration("orders"));

    private static Func<CancellationToken, ValueTask<Either<Error, int>>> Slow(Hosting host, TimeSpan duration) =>
        Op.FromTask(async ct =>
        {
            await Task.Delay(duration, host.Clock, ct);
            return 1;
        });

    [Fact]
    public async Task New_calls_use_the_new_pipeline_while_a_call_in_flight_finishes_on_the_old_one()
    {
        using var host = Host(new() { [$"{Orders}:Timeout:Timeout"] = "10s" });
        var orders = host.Registry.Get("orders");
        var call = orders.Wrap(Slow(host, TimeSpan.FromSeconds(5)));
        var inFlight = call.Run(CancellationToken.None);

        host.Reload(($"{Orders}:Timeout:Timeout", "2s"));
        var after = call.Run(CancellationToken.None);
        host.Clock.Advance(TimeSpan.FromSeconds(2));
        var timedOut = await after;
        host.Clock.Advance(TimeSpan.FromSeconds(3));

        Assert.Equal(Right<Error, int>(1), await inFlight);
        Assert.IsType<TimeoutError>(timedOut.Match(_ => null!, e => e));
        Assert.Equal(2, orders.Generation);
        Assert.Contains("Timeout(2s", orders.Current.Describe());
        Assert.Contains(host.Logs.Lines, l => l.Level == LogLevel.Information && l.Message.Contains("generation 2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_breaker_keeps_its_state_when_only_its_thresholds_change()
    {
        using var host = Host(new()
        {
            [$"{Orders}:CircuitBreaker:ConsecutiveFailures"] = "2",
            [$"{Orders}:CircuitBreaker:BreakDuration"] = "30s",
            [$"{Orders}:Timeout:Timeout"] = "10s",
        });
        var orders = host.Registry.Get("orders");
        var breaker = (CircuitBreaker)orders.Parts.Single().Instance;
        var failing = orders.Wrap(Op.Fail<int>(Transient));
        _ = await failing.Run(CancellationToken.None);
        _ = await failing.Run(CancellationToken.None);
        Assert.Equal(CircuitState.Open, breaker.State);

        host.Reload(($"{Orders}:CircuitBreaker:ConsecutiveFailures", "4"), ($"{Orders}:CircuitBreaker:BreakDuration", "5s"), ($"{Orders}:Timeout:Timeout", "3s"));

        Assert.Equal(2, orders.Generation);
        Assert.Same(breaker, orders.Parts.Single().Instance);
        Assert.Equal(CircuitState.Open, breaker.State);
        Assert.Equal(TimeSpan.FromSeconds(30), breaker.TimeUntilHalfOpen);
        Assert.Equal(4, breaker.Options.ConsecutiveFailures);
        Assert.IsType<CircuitOpenError>((await orders.Wrap(Op.Succeed(1)).Run(CancellationToken.None)).Match(_ => null!, e => e));
    }

    [Fact]
    public async Task A_breaker_whose_shape_changes_is_replaced_by_a_closed_one()
    {
        using var host = Host(new() { [$"{Orders}:CircuitBreaker:ConsecutiveFailures"] = "1" });
        var orders = host.Registry.Get("orders");
        var old = (CircuitBreaker)orders.Parts.Single().Instance;
        _ = await orders.Wrap(Op.Fail<int>(Transient)).Run(CancellationToken.None);

        host.Reload(($"{Orders}:CircuitBreaker:FailureRatio", "0.5"));

        var replaced = (CircuitBreaker)orders.Parts.Single().Instance;
        Assert.NotSame(old, replaced);
        Assert.Equal(CircuitState.Open, old.State);
        Assert.Equal(CircuitState.Closed, replaced.State);
        Assert.Equal(Right<Error, int>(1), await orders.Wrap(Op.Succeed(1)).Run(CancellationToken.None));
    }

    [Fact]
    public void Parts_whose_settings_did_not_change_are_kept_and_changed_ones_are_new()
    {
        using var host = Host(new()
        {
            [$"{Orders}:Bulkhead:MaxConcurrency"] = "4",
            [$"{Orders}:RateLimiter:Burst"] = "5",
            [$"{Orders}:Retry:Budget:RetryRatio"] = "0.2",
        });
        var orders = host.Registry.Get("orders");
        var before = orders.Parts.Select(p => p.Instance).ToArray();

        host.Reload(($"{Orders}:RateLimiter:Burst", "6"));

        var after = orders.Parts.Select(p => p.Instance).ToArray();
        Assert.Same(before[1], after[1]);   // bulkhead: same settings
        Assert.NotSame(before[0], after[0]); // bucket: new burst, a new (full) bucket
        Assert.Same(before[2], after[2]);   // budget: same settings
        Assert.Equal(6, ((TokenBucket)after[0]).Options.Burst);
    }

    [Fact]
    public async Task A_bad_reload_keeps_the_last_good_pipeline_and_reports_why()
    {
        using var host = Host(new() { [$"{Orders}:Bulkhead:MaxConcurrency"] = "4", [$"{Orders}:Timeout:Timeout"] = "10s" });
        var orders = host.Registry.Get("orders");
        var good = orders.Current;

        host.Reload(($"{Orders}:Bulkhead:MaxConcurrency", "0"), ($"{Orders}:Timeout:Timeout", "1s"));

        Assert.Same(good, orders.Current);
        Assert.Equal(1, orders.Generation);
        Assert.StartsWith($"{Orders}:Bulkhead:MaxConcurrency: MaxConcurrency must be between 1 and", orders.LastReloadError);
        Assert.Contains(host.Logs.Lines, l => l.Level == LogLevel.Warning && l.Message.Contains("generation 1 stays in use", StringComparison.Ordinal) && l.Message.Contains("MaxConcurrency", StringComparison.Ordinal));
        var report = (await host.Registry.CreateHealthRegistry().RunAsync(CancellationToken.None)).Match(r => r, _ => null!);
        var configuration = report.Entries.Single(e => e.Name == "orders.configuration");
        Assert.Equal(HealthState.Degraded, configuration.State);
        Assert.Contains("reload rejected, generation 1 kept", configuration.Description);

        host.Reload(($"{Orders}:Bulkhead:MaxConcurrency", "2"));

        Assert.Null(orders.LastReloadError);
        Assert.Equal(2, orders.Generation);
        Assert.Contains("Timeout(1s", orders.Current.Describe());
    }

    [Fact]
    public void A_bad_reload_changes_no_part_not_even_a_breaker_listed_before_the_bad_key()
    {
        using var host = Host(new() { [$"{Orders}:CircuitBreaker:ConsecutiveFailures"] = "5", [$"{Orders}:AttemptTimeout:Timeout"] = "1s" });
        var breaker = (CircuitBreaker)host.Registry.Get("orders").Parts.Single().Instance;

        host.Reload(($"{Orders}:CircuitBreaker:ConsecutiveFailures", "2"), ($"{Orders}:AttemptTimeout:Timeout", "never"));

        Assert.Equal(5, breaker.Options.ConsecutiveFailures);
        Assert.Contains("AttemptTimeout:Timeout: not a duration", host.Registry.Get("orders").LastReloadError);
    }

    [Fact]
    public void A_reload_of_another_section_changes_nothing()
    {
        using var host = Host(new() { [$"{Orders}:Timeout:Timeout"] = "10s", ["Logging:Level"] = "Information" });
        var orders = host.Registry.Get("orders");

        host.Reload(("Logging:Level", "Debug"));

        Assert.Equal(1, orders.Generation);
    }

    [Fact]
    public void After_the_registry_is_disposed_reloads_are_not_followed()
    {
        var host = Host(new() { [$"{Orders}:Timeout:Timeout"] = "10s" });
        var orders = host.Registry.Get("orders");
        host.Registry.Dispose();

        host.Reload(($"{Orders}:Timeout:Timeout", "1s"));

        Assert.Equal(1, orders.Generation);
        host.Dispose();
    }
}
