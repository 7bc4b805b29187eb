using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.DependencyInjection.Tests;

/// <summary>A service provider over an in-memory configuration that a test can change and reload, on a fake clock.</summary>
internal sealed class Hosting : IDisposable
{
    private readonly IConfigurationRoot configuration;

    public Hosting(IDictionary<string, string?> settings, Action<IServiceCollection> register)
    {
        configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton<Microsoft.Extensions.Logging.ILoggerFactory>(Logs);
        register(services);
        Services = services.BuildServiceProvider();
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public RecordingLoggerFactory Logs { get; } = new();

    public ServiceProvider Services { get; }

    public ResiliencePolicyRegistry Registry => Services.GetRequiredService<ResiliencePolicyRegistry>();

    /// <summary>What the host does at startup: every <c>ValidateOnStart</c> check.</summary>
    public void ValidateOnStart() => Services.GetRequiredService<IStartupValidator>().Validate();

    /// <summary>Sets keys and reloads, as a changed appsettings.json would.</summary>
    public void Reload(params (string Key, string Value)[] changes)
    {
        var memory = configuration.Providers.OfType<MemoryConfigurationProvider>().Single();
        foreach (var (key, value) in changes)
        {
            memory.Set(key, value);
        }

        configuration.Reload();
    }

    public void Dispose() => Services.Dispose();
}
