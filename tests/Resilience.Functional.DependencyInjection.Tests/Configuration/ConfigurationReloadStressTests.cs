using System.Globalization;
using Microsoft.Extensions.DependencyInjection;

namespace Resilience.Functional.DependencyInjection.Tests;

/// <summary>Calls on real threads while the configuration reloads: every call runs on a whole generation.</summary>
public class ConfigurationReloadStressTests
{
    private const string Orders = SettingsSamples.Orders;

    [Fact(Timeout = 60_000)]
    public async Task Calls_racing_twenty_reloads_all_succeed_and_the_last_generation_wins()
    {
        using var host = new Hosting(
            new Dictionary<string, string?>
            {
                [$"{Orders}:Bulkhead:MaxConcurrency"] = "64",
                [$"{Orders}:CircuitBreaker:ConsecutiveFailures"] = "1000",
            },
            s => s.AddResiliencePolicyFromConfiguration("orders"));
        var orders = host.Registry.Get("orders");
        var call = orders.Wrap(Op.Succeed(1));
        var breaker = orders.Parts.Single(p => p.Kind == ResiliencePartKind.CircuitBreaker).Instance;
        var failures = 0;
        var callers = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 20_000; i++)
            {
                if ((await call.Run(CancellationToken.None)).IsLeft)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }));
        var reloader = Task.Run(() =>
        {
            for (var i = 1; i <= 20; i++)
            {
                host.Reload(
                    ($"{Orders}:Bulkhead:MaxConcurrency", (64 + i).ToString(CultureInfo.InvariantCulture)),
                    ($"{Orders}:CircuitBreaker:ConsecutiveFailures", (1000 + i).ToString(CultureInfo.InvariantCulture)));
            }
        });

        await Task.WhenAll(callers.Append(reloader)).WaitAsync(TimeSpan.FromSeconds(50));

        Assert.Equal(0, failures);
        Assert.Equal(21, orders.Generation);
        Assert.Equal(84, ((Bulkhead)orders.Parts.Single(p => p.Kind == ResiliencePartKind.Bulkhead).Instance).MaxConcurrency);
        Assert.Same(breaker, orders.Parts.Single(p => p.Kind == ResiliencePartKind.CircuitBreaker).Instance);
        Assert.Equal(1020, ((CircuitBreaker)breaker).Options.ConsecutiveFailures);
    }
}
