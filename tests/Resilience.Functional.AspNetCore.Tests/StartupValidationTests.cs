using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Resilience.Functional.DependencyInjection;

namespace Resilience.Functional.AspNetCore.Tests;

/// <summary>The real host runs the ValidateOnStart checks: a bad setting stops it before it serves.</summary>
public class StartupValidationTests
{
    [Fact(Timeout = 30_000)]
    public async Task A_bad_setting_stops_the_host_at_startup_naming_the_key()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Resilience:Policies:orders:Retry:MaxRetries"] = "-1",
            ["Resilience:Idempotency:LeaseDuration"] = "0s",
        });
        builder.Services.AddResiliencePolicyFromConfiguration("orders").AddIdempotencyGuardFromConfiguration();
        await using var app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");

        // The host reports the failing checks together, one OptionsValidationException each.
        var error = await Assert.ThrowsAsync<AggregateException>(() => app.StartAsync());

        var messages = error.InnerExceptions.Select(e => Assert.IsType<OptionsValidationException>(e).Message).ToList();
        Assert.Contains(messages, m => m.StartsWith("Resilience:Policies:orders:Retry:MaxRetries: The number of retries must be in [1,", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("Resilience:Idempotency:LeaseDuration: LeaseDuration must be from 1 millisecond to 30 days", StringComparison.Ordinal));
    }
}
