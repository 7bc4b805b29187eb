using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Resilience.Functional.DependencyInjection;

/// <summary>Registers named resilience policies: in code, or bound to configuration and reloaded on change.</summary>
public static class ResilienceServiceCollectionExtensions
{
    /// <summary>
    /// Registers the policy <paramref name="name"/>, built in code by <paramref name="configure"/> when the registry is
    /// made (at startup). Resolve it with <see cref="ResiliencePolicyRegistry.Get"/> or as a keyed
    /// <see cref="ResiliencePolicy"/> (<c>[FromKeyedServices("orders")]</c>).
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="name">The policy's name, unique among registered policies.</param>
    /// <param name="configure">Adds the layers, outermost first.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or already registered.</exception>
    public static IServiceCollection AddResiliencePolicy(this IServiceCollection services, string name, Action<ResiliencePolicyBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return services.Register(new ResiliencePolicyRegistration(name, null, configure));
    }

    /// <summary>
    /// Registers the policy <paramref name="name"/> bound to the section <c>Resilience:Policies:name</c> of the
    /// <see cref="Microsoft.Extensions.Configuration.IConfiguration"/> in DI (docs/hosting.md#configuration): validated
    /// at startup, reloaded when the section changes.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="name">The policy's name, unique among registered policies.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or already registered.</exception>
    public static IServiceCollection AddResiliencePolicyFromConfiguration(this IServiceCollection services, string name) =>
        services.AddResiliencePolicyFromConfiguration(name, $"{ResiliencePolicyRegistry.DefaultSection}:{name}");

    /// <summary>Registers the policy <paramref name="name"/> bound to the section at <paramref name="sectionPath"/>.</summary>
    /// <param name="services">The services.</param>
    /// <param name="name">The policy's name, unique among registered policies.</param>
    /// <param name="sectionPath">The section's path (<c>Downstream:Orders:Resilience</c>).</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> or <paramref name="sectionPath"/> is empty, or the name is already registered.</exception>
    public static IServiceCollection AddResiliencePolicyFromConfiguration(this IServiceCollection services, string name, string sectionPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sectionPath);
        return services.Register(new ResiliencePolicyRegistration(name, sectionPath, null));
    }

    /// <summary>
    /// Adds <paramref name="check"/> (a database ping, a downstream probe) to the reports of
    /// <see cref="ResiliencePolicyRegistry.CreateHealthRegistry"/>, beside the policies' parts.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="check">The check; its name must differ from every part's.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IServiceCollection AddResilienceHealthCheck(this IServiceCollection services, HealthCheck check)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(check);
        services.AddSingleton(check);
        services.TryAddSingleton(sp => new ResiliencePolicyRegistry(sp.GetServices<ResiliencePolicyRegistration>(), sp));
        return services;
    }

    private static IServiceCollection Register(this IServiceCollection services, ResiliencePolicyRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(registration.Name, "name");
        if (services.Any(d => d.ServiceType == typeof(ResiliencePolicyRegistration)
            && d.ImplementationInstance is ResiliencePolicyRegistration r && r.Name == registration.Name))
        {
            throw new ArgumentException($"A resilience policy named '{registration.Name}' is already registered.", "name");
        }

        services.AddSingleton(registration);
        services.TryAddSingleton(sp => new ResiliencePolicyRegistry(sp.GetServices<ResiliencePolicyRegistration>(), sp));
        services.AddKeyedSingleton(registration.Name, (sp, _) => sp.GetRequiredService<ResiliencePolicyRegistry>().Get(registration.Name));
        ResilienceStartupCheck.Register<ResiliencePolicyRegistry>(services, Microsoft.Extensions.Options.Options.DefaultName);
        return services;
    }
}
