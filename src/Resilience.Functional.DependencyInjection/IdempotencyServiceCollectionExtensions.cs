using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Resilience.Functional.DependencyInjection.Configuration;
using Resilience.Functional.Stores;

namespace Resilience.Functional.DependencyInjection;

/// <summary>
/// Registers the application's <see cref="IdempotencyGuard"/>: one store and one set of settings for every idempotent
/// operation and endpoint. The store is any <see cref="IIdempotencyStore"/> in DI (the Redis one, yours), or an
/// in-memory one.
/// </summary>
public static class IdempotencyServiceCollectionExtensions
{
    /// <summary>The section <see cref="AddIdempotencyGuardFromConfiguration(IServiceCollection)"/> reads: <c>Resilience:Idempotency</c>.</summary>
    public const string DefaultSection = "Resilience:Idempotency";

    /// <summary>
    /// A singleton <see cref="IdempotencyGuard"/> with <paramref name="options"/> over the unkeyed
    /// <see cref="IIdempotencyStore"/> in DI, else an <see cref="InMemoryIdempotencyStore"/> of 10,000 keys on the
    /// <see cref="TimeProvider"/> in DI.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="options">The guard's settings.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IServiceCollection AddIdempotencyGuard(this IServiceCollection services, IdempotencyOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        services.TryAddSingleton(sp => new IdempotencyGuard(DefaultStore(sp, null), options));
        return services;
    }

    /// <summary>
    /// A singleton <see cref="IdempotencyGuard"/> configured by the section <c>Resilience:Idempotency</c>
    /// (<see cref="IdempotencySettings"/>), validated at startup with messages naming the key and the allowed range.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IServiceCollection AddIdempotencyGuardFromConfiguration(this IServiceCollection services) =>
        services.AddIdempotencyGuardFromConfiguration(DefaultSection);

    /// <summary>As <see cref="AddIdempotencyGuardFromConfiguration(IServiceCollection)"/>, from the section at <paramref name="sectionPath"/>.</summary>
    /// <param name="services">The services.</param>
    /// <param name="sectionPath">The section's path.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="sectionPath"/> is empty.</exception>
    public static IServiceCollection AddIdempotencyGuardFromConfiguration(this IServiceCollection services, string sectionPath)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(sectionPath);
        services.TryAddSingleton(sp => FromConfiguration(sp, sectionPath));
        ResilienceStartupCheck.Register<IdempotencyGuard>(services, sectionPath);
        return services;
    }

    private static IdempotencyGuard FromConfiguration(IServiceProvider services, string sectionPath)
    {
        var section = services.GetRequiredService<IConfiguration>().GetSection(sectionPath);
        var clock = services.GetService<TimeProvider>() ?? TimeProvider.System;
        try
        {
            var settings = section.Get<IdempotencySettings>(binder => binder.ErrorOnUnknownConfiguration = true) ?? new();
            var path = new SettingPath(section.Path);
            var options = settings.ToOptions(path, clock);
            return new IdempotencyGuard(Store(services, settings, path, clock), options);
        }
        catch (InvalidOperationException ex)
        {
            throw Invalid($"{section.Path}: {ex.Message}");
        }
        catch (SettingException ex)
        {
            throw Invalid(ex.Message);
        }
    }

    private static IIdempotencyStore Store(IServiceProvider services, IdempotencySettings settings, SettingPath path, TimeProvider clock) =>
        settings.Store switch
        {
            null => DefaultStore(services, settings.MaxEntries),
            var name when name.Equals("InMemory", StringComparison.OrdinalIgnoreCase) => new InMemoryIdempotencyStore(settings.MaxEntries ?? 10_000, clock),
            var key => services.GetKeyedService<IIdempotencyStore>(key)
                ?? throw path[nameof(IdempotencySettings.Store)].Invalid(key, "no IIdempotencyStore is registered in DI under this key; write InMemory, leave it out, or register the store with AddKeyedSingleton<IIdempotencyStore>"),
        };

    private static IIdempotencyStore DefaultStore(IServiceProvider services, int? maxEntries) =>
        services.GetService<IIdempotencyStore>()
        ?? new InMemoryIdempotencyStore(maxEntries ?? 10_000, services.GetService<TimeProvider>() ?? TimeProvider.System);

    private static OptionsValidationException Invalid(string failure) =>
        new(nameof(IdempotencyGuard), typeof(IdempotencySettings), [failure]);
}
