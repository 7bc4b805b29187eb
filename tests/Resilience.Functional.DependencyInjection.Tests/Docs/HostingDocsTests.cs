using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Resilience.Functional.Stores;

namespace Resilience.Functional.DependencyInjection.Tests.Docs;

/// <summary>The code of docs/hosting.md (registration, configuration, the idempotency store), compiled and run.</summary>
public class HostingDocsTests
{
    // snippet: hosting-appsettings
    const string AppSettings = """
        {
          "Resilience": {
            "Policies": {
              "orders": {
                "RateLimiter": { "TokensPerPeriod": 100, "Period": "1s", "Burst": 100 },
                "Timeout": { "Timeout": "00:00:10" },
                "Retry": { "Backoff": "Exponential", "BaseDelay": "200ms", "MaxRetries": 3, "Budget": { "RetryRatio": 0.2 } },
                "CircuitBreaker": { "FailureRatio": 0.5, "MinimumThroughput": 20, "WindowDuration": "30s", "BreakDuration": "5s" },
                "AttemptTimeout": { "Timeout": "2s" }
              }
            },
            "Idempotency": { "Store": "InMemory", "TimeToLive": "24h" }
          }
        }
        """;
    // end snippet

    internal static IConfiguration Configuration() =>
        new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(AppSettings))).Build();

    [Fact]
    public async Task Registering_a_policy_in_code()
    {
        // snippet: hosting-code
        var services = new ServiceCollection();
        services.AddResiliencePolicy("orders", policy => policy
            .AddRateLimiter(new TokenBucketOptions { TokensPerPeriod = 100, Burst = 100 })
            .AddTimeout(new TimeoutOptions { Timeout = TimeSpan.FromSeconds(10), Name = "total-timeout" })
            .AddRetry(new RetryOptions { Budget = new PercentRetryBudget(new PercentRetryBudgetOptions()) })
            .AddCircuitBreaker(new CircuitBreakerOptions { ConsecutiveFailures = 5 })
            .AddTimeout(new TimeoutOptions { Timeout = TimeSpan.FromSeconds(2), Name = "attempt-timeout" }));

        using var provider = services.BuildServiceProvider();
        var orders = provider.GetRequiredService<ResiliencePolicyRegistry>().Get("orders");
        var placeOrder = orders.Wrap(Op.FromFunc(_ => 42)); // each call runs through the current pipeline
        var placed = await placeOrder.Run(CancellationToken.None);

        var parts = orders.Parts.Select(p => p.Name); // orders.rate-limiter, orders.retry-budget, orders.circuit-breaker
        // end snippet

        Assert.Equal(Right<Error, int>(42), placed);
        Assert.Equal(["orders.rate-limiter", "orders.retry-budget", "orders.circuit-breaker"], parts);
    }

    [Fact]
    public void Binding_a_policy_to_configuration()
    {
        var configuration = Configuration();
        var services = new ServiceCollection();

        // snippet: hosting-from-configuration
        services.AddSingleton<IConfiguration>(configuration); // done by the host in an ASP.NET Core application
        services.AddResiliencePolicyFromConfiguration("orders");

        using var provider = services.BuildServiceProvider();
        var orders = provider.GetRequiredKeyedService<ResiliencePolicy>("orders");
        var description = orders.Current.Describe();
        // end snippet

        var page = File.ReadAllText(Path.Combine(Root(), "docs", "hosting.md")).ReplaceLineEndings("\n");
        Assert.Contains($"`description` is:\n\n```text\n{description}\n```", page);
    }

    [Fact]
    public void Choosing_the_idempotency_store_by_configuration()
    {
        var services = new ServiceCollection();
        services.AddSingleton(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Resilience:Idempotency:Store"] = "shared" })
            .Build() as IConfiguration);

        // snippet: hosting-store
        services.AddKeyedSingleton<IIdempotencyStore>("shared", new InMemoryIdempotencyStore(100_000)); // e.g. the Redis store
        services.AddIdempotencyGuardFromConfiguration(); // "Resilience:Idempotency:Store": "shared" picks it
        // end snippet

        using var provider = services.BuildServiceProvider();
        Assert.Equal(100_000, Assert.IsType<InMemoryIdempotencyStore>(provider.GetRequiredService<IdempotencyGuard>().Store).MaxEntries);
    }

    [Fact]
    public void The_appsettings_of_the_page_configure_the_idempotency_guard()
    {
        var services = new ServiceCollection().AddSingleton(Configuration()).AddIdempotencyGuardFromConfiguration();
        using var provider = services.BuildServiceProvider();

        Assert.Equal(TimeSpan.FromHours(24), provider.GetRequiredService<IdempotencyGuard>().Options.TimeToLive);
    }

    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Resilience.Functional.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root was not found.");
    }
}
