using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Resilience.Functional.DependencyInjection.Tests;

/// <summary>Policies registered in code: named, resolved by name or key, their parts listed for health checks.</summary>
public class ResiliencePolicyRegistryTests
{
    private static readonly Error Transient = new TimeoutError(TimeSpan.FromSeconds(1));

    private static Hosting Host(Action<IServiceCollection> register) => new(new Dictionary<string, string?>(), register);

    [Fact]
    public async Task A_policy_built_in_code_is_resolved_by_name_and_as_a_keyed_service()
    {
        using var host = Host(services => services.AddResiliencePolicy("orders", b => b
            .AddTimeout(new TimeoutOptions { Timeout = TimeSpan.FromSeconds(2), TimeProvider = b.TimeProvider })
            .AddRetry(new RetryOptions { Backoff = Backoff.Immediate.MaxRetries(2), TimeProvider = b.TimeProvider })));

        var byName = host.Registry.Get("orders");
        var byKey = host.Services.GetRequiredKeyedService<ResiliencePolicy>("orders");
        var calls = 0;
        var flaky = Op.Of(_ => new ValueTask<Either<Error, int>>(++calls < 3 ? Left<Error, int>(Transient) : Right<Error, int>(7)));

        var result = await byKey.Wrap(flaky).Run(CancellationToken.None);

        Assert.Same(byName, byKey);
        Assert.Equal(Right<Error, int>(7), result);
        Assert.Equal(3, calls);
        Assert.Null(byName.ConfigurationPath);
        Assert.StartsWith("orders: pipeline of 2 layer(s)", byName.Current.Describe());
    }

    [Fact]
    public void Stateful_parts_are_one_instance_per_name_and_listed_without_a_list_kept_by_hand()
    {
        var shared = new CircuitBreaker(new CircuitBreakerOptions { Name = "shared-breaker" });
        using var host = Host(services => services
            .AddResiliencePolicy("orders", b => b
                .AddRateLimiter(new TokenBucketOptions())
                .AddBulkhead(new BulkheadOptions())
                .AddRetry(new RetryOptions { Budget = new TokenRatioRetryBudget(10, 0.1) })
                .AddCircuitBreaker(new CircuitBreakerOptions())
                .AddCircuitBreaker(shared))
            .AddResiliencePolicy("payments", b => b.AddCircuitBreaker(shared)));

        var parts = host.Registry.Parts;

        Assert.Equal(
            ["orders.rate-limiter", "orders.bulkhead", "orders.retry-budget", "orders.circuit-breaker", "shared-breaker"],
            parts.Select(p => p.Name));
        Assert.Equal(
            [ResiliencePartKind.TokenBucket, ResiliencePartKind.Bulkhead, ResiliencePartKind.RetryBudget, ResiliencePartKind.CircuitBreaker, ResiliencePartKind.CircuitBreaker],
            parts.Select(p => p.Kind));
        Assert.Same(shared, parts[4].Instance);
        Assert.Same(host.Registry.Get("orders").Parts[3].Instance, host.Registry.Get("orders").Parts[3].Instance);
        Assert.Equal(
            ["orders.rate-limiter:utilization", "orders.bulkhead:utilization", "orders.retry-budget:utilization", "orders.circuit-breaker:circuit", "shared-breaker:circuit"],
            host.Registry.CreateHealthRegistry().Checks.Select(c => c.Key));
    }

    [Fact]
    public async Task The_health_registry_reports_the_state_of_every_part()
    {
        using var host = Host(services => services.AddResiliencePolicy("orders", b => b
            .AddCircuitBreaker(new CircuitBreakerOptions { ConsecutiveFailures = 1, TimeProvider = b.TimeProvider })));
        var orders = host.Registry.Get("orders");

        _ = await orders.Wrap(Op.Fail<int>(Transient)).Run(CancellationToken.None);
        var report = await host.Registry.CreateHealthRegistry().RunAsync(CancellationToken.None);

        var entry = Assert.Single(report.Match(r => r.Entries, _ => []));
        Assert.Equal(HealthState.Unhealthy, entry.State);
        Assert.Equal("orders.circuit-breaker", entry.Name);
    }

    [Fact]
    public void A_name_registered_twice_is_refused_at_registration()
    {
        var services = new ServiceCollection().AddResiliencePolicy("orders", _ => { });
        var error = Assert.Throws<ArgumentException>(() => services.AddResiliencePolicyFromConfiguration("orders"));
        Assert.Equal("name", error.ParamName);
        Assert.Contains("'orders' is already registered", error.Message);
    }

    [Fact]
    public void Two_different_parts_with_one_name_fail_at_startup_naming_the_part()
    {
        using var host = Host(services => services
            .AddResiliencePolicy("a", b => b.AddBulkhead(new BulkheadOptions { Name = "pool" }))
            .AddResiliencePolicy("b", b => b.AddBulkhead(new BulkheadOptions { Name = "pool" })));

        var error = Assert.Throws<OptionsValidationException>(host.ValidateOnStart);

        Assert.Contains("two different parts are named 'pool' (policies a, b)", error.Message);
    }

    [Fact]
    public void A_builder_that_throws_fails_startup_with_the_policy_name_and_the_core_message()
    {
        using var host = Host(services => services.AddResiliencePolicy("orders", b => b.AddBulkhead(new BulkheadOptions { MaxConcurrency = 0 })));

        var error = Assert.Throws<OptionsValidationException>(host.ValidateOnStart);

        Assert.Contains("resilience policy 'orders': MaxConcurrency must be", error.Message);
    }

    [Fact]
    public void An_unknown_name_is_an_argument_error_listing_the_registered_ones()
    {
        using var host = Host(services => services.AddResiliencePolicy("orders", _ => { }));

        var error = Assert.Throws<ArgumentException>(() => host.Registry.Get("payments"));

        Assert.Contains("registered: orders", error.Message);
        Assert.False(host.Registry.TryGet("payments", out _));
    }
}
