using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Resilience.Functional.Stores;

namespace Resilience.Functional.DependencyInjection.Tests;

/// <summary>The application's idempotency guard: settings from configuration, the store chosen by configuration.</summary>
public class IdempotencyRegistrationTests
{
    private const string Section = "Resilience:Idempotency";

    private static Hosting Host(Dictionary<string, string?> settings, Action<IServiceCollection>? more = null) =>
        new(settings, s =>
        {
            more?.Invoke(s);
            s.AddIdempotencyGuardFromConfiguration();
        });

    [Fact]
    public void Every_setting_binds_and_the_default_store_is_in_memory_on_the_di_clock()
    {
        using var host = Host(new()
        {
            [$"{Section}:TimeToLive"] = "1h",
            [$"{Section}:LeaseDuration"] = "00:00:30",
            [$"{Section}:ConflictRetryAfter"] = "250ms",
            [$"{Section}:OnAmbiguousFailure"] = "ReleaseKey",
            [$"{Section}:MaxEntries"] = "50",
        });
        host.ValidateOnStart();

        var guard = host.Services.GetRequiredService<IdempotencyGuard>();

        Assert.Equal(TimeSpan.FromHours(1), guard.Options.TimeToLive);
        Assert.Equal(TimeSpan.FromSeconds(30), guard.Options.LeaseDuration);
        Assert.Equal(TimeSpan.FromMilliseconds(250), guard.Options.ConflictRetryAfter);
        Assert.Equal(AmbiguousFailureMode.ReleaseKey, guard.Options.OnAmbiguousFailure);
        Assert.Same(host.Clock, guard.Options.TimeProvider);
        Assert.Equal(50, Assert.IsType<InMemoryIdempotencyStore>(guard.Store).MaxEntries);
    }

    [Fact]
    public void The_store_is_any_keyed_store_named_by_configuration()
    {
        var named = new InMemoryIdempotencyStore(7);
        using var host = Host(
            new() { [$"{Section}:Store"] = "shared" },
            s => s.AddKeyedSingleton<IIdempotencyStore>("shared", named));

        Assert.Same(named, host.Services.GetRequiredService<IdempotencyGuard>().Store);
    }

    [Fact]
    public void Without_a_store_key_the_unkeyed_store_in_di_is_used_and_InMemory_overrides_it()
    {
        var registered = new InMemoryIdempotencyStore(3);
        using var unkeyed = Host(new() { [$"{Section}:TimeToLive"] = "1h" }, s => s.AddSingleton<IIdempotencyStore>(registered));
        using var inMemory = Host(new() { [$"{Section}:Store"] = "InMemory" }, s => s.AddSingleton<IIdempotencyStore>(registered));

        Assert.Same(registered, unkeyed.Services.GetRequiredService<IdempotencyGuard>().Store);
        Assert.NotSame(registered, inMemory.Services.GetRequiredService<IdempotencyGuard>().Store);
    }

    [Theory]
    [InlineData("Store", "redis", "no IIdempotencyStore is registered in DI under this key")]
    [InlineData("LeaseDuration", "45d", "LeaseDuration must be from 1 millisecond to 30 days")]
    [InlineData("TimeToLive", "0s", "TimeToLive must be positive")]
    [InlineData("MaxEntries", "0", "maxEntries must be at least 1")]
    public void A_bad_setting_fails_startup_naming_its_key(string key, string value, string reason)
    {
        using var host = Host(new() { [$"{Section}:{key}"] = value });

        var error = Assert.Throws<OptionsValidationException>(host.ValidateOnStart);

        Assert.Contains($"{Section}:{key}: {reason}", error.Message);
    }

    [Fact]
    public void A_guard_in_code_uses_the_store_in_di()
    {
        var store = new InMemoryIdempotencyStore(5);
        var services = new ServiceCollection().AddSingleton<IIdempotencyStore>(store).AddIdempotencyGuard(IdempotencyOptions.Default);

        using var provider = services.BuildServiceProvider();

        Assert.Same(store, provider.GetRequiredService<IdempotencyGuard>().Store);
    }
}
