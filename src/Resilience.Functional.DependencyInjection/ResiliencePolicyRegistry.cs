using System.Runtime.CompilerServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Resilience.Functional.DependencyInjection.Configuration;

namespace Resilience.Functional.DependencyInjection;

/// <summary>
/// Every named policy registered with <see cref="ResilienceServiceCollectionExtensions"/>, made when the registry is
/// first resolved (at startup, through <c>ValidateOnStart</c>), and the stateful parts of them all, for health checks
/// without a list kept by hand. A policy bound to configuration reloads when its section changes: a valid section
/// becomes the next generation (new calls use it; parts are kept as docs/hosting.md#what-a-reload-keeps says); an
/// invalid one is rejected, the last good generation stays, and the reason is logged (a warning, category
/// <c>Resilience.Functional.DependencyInjection</c>), kept in <see cref="ResiliencePolicy.LastReloadError"/> and reported
/// by the policy's <c>policy.configuration</c> health check as degraded.
/// </summary>
public sealed class ResiliencePolicyRegistry : IDisposable
{
    /// <summary>The section under which <see cref="ResilienceServiceCollectionExtensions.AddResiliencePolicyFromConfiguration(IServiceCollection, string)"/> looks for a policy: <c>Resilience:Policies</c>.</summary>
    public const string DefaultSection = "Resilience:Policies";

    private readonly Dictionary<string, ResiliencePolicy> policies = new(StringComparer.Ordinal);
    private readonly List<IDisposable> subscriptions = [];
    private readonly ILogger logger;
    private readonly Lock reloading = new();
    private readonly HealthCheck[] extraChecks;

    internal ResiliencePolicyRegistry(IEnumerable<ResiliencePolicyRegistration> registrations, IServiceProvider services)
    {
        TimeProvider = services.GetService<TimeProvider>() ?? TimeProvider.System;
        logger = services.GetService<ILoggerFactory>()?.CreateLogger("Resilience.Functional.DependencyInjection") ?? NullLogger.Instance;
        extraChecks = [.. services.GetServices<HealthCheck>()];
        var failures = new List<string>();
        foreach (var registration in registrations)
        {
            try
            {
                policies.Add(registration.Name, Make(registration, services));
            }
            catch (SettingException ex)
            {
                failures.Add(ex.Message);
            }
            catch (ArgumentException ex)
            {
                failures.Add($"resilience policy '{registration.Name}': {ex.Message}");
            }
        }

        if (failures.Count == 0)
        {
            failures.AddRange(DuplicateParts());
        }

        if (failures.Count > 0)
        {
            Dispose();
            throw new OptionsValidationException(nameof(ResiliencePolicyRegistry), typeof(ResiliencePolicySettings), failures);
        }
    }

    /// <summary>The clock of the health registry and of the policies bound to configuration: the <see cref="System.TimeProvider"/> in DI, else the system's.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>The policies, in registration order.</summary>
    public IReadOnlyList<ResiliencePolicy> Policies => [.. policies.Values];

    /// <summary>The current parts of every policy (a part shared by several policies once), in registration order.</summary>
    public IReadOnlyList<ResiliencePart> Parts =>
        [.. policies.Values.SelectMany(p => p.Parts).DistinctBy(p => p.Instance, ReferenceEqualityComparer.Instance)];

    /// <summary>The policy named <paramref name="name"/>.</summary>
    /// <param name="name">The name it was registered under.</param>
    /// <exception cref="ArgumentException">No policy has that name.</exception>
    public ResiliencePolicy Get(string name) =>
        policies.TryGetValue(name ?? throw new ArgumentNullException(nameof(name)), out var policy)
            ? policy
            : throw new ArgumentException($"No resilience policy is named '{name}'; registered: {string.Join(", ", policies.Keys)}.", nameof(name));

    /// <summary>The policy named <paramref name="name"/>, if registered.</summary>
    /// <param name="name">The name.</param>
    /// <param name="policy">The policy, when found.</param>
    public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ResiliencePolicy? policy) =>
        policies.TryGetValue(name ?? throw new ArgumentNullException(nameof(name)), out policy);

    /// <summary>
    /// A health registry of the current parts — each breaker, bulkhead, token bucket and retry budget, under its
    /// part's name — then, for each policy bound to configuration, a check <c>policy.configuration</c> (healthy while
    /// its last reload was accepted, degraded while a rejected one leaves it on an older generation), then the checks
    /// added with <see cref="ResilienceServiceCollectionExtensions.AddResilienceHealthCheck"/>. Call it per report: a
    /// reload may replace parts.
    /// </summary>
    /// <exception cref="ArgumentException">Two checks have the same name.</exception>
    public HealthRegistry CreateHealthRegistry() =>
        new(
            Parts.Select(p => p.HealthCheck)
                .Concat(policies.Values.Where(p => p.ConfigurationPath is not null).Select(ConfigurationCheck))
                .Concat(extraChecks),
            TimeProvider);

    /// <summary>Stops following configuration changes.</summary>
    public void Dispose()
    {
        lock (reloading)
        {
            subscriptions.ForEach(s => s.Dispose());
            subscriptions.Clear();
        }
    }

    private static HealthCheck ConfigurationCheck(ResiliencePolicy policy) =>
        HealthCheck.FromState($"{policy.Name}.configuration", () => policy.LastReloadError is { } error
            ? HealthResult.Degraded($"reload rejected, generation {policy.Generation} kept: {error}")
            : HealthResult.Healthy($"generation {policy.Generation} from {policy.ConfigurationPath}"));

    private ResiliencePolicy Make(ResiliencePolicyRegistration registration, IServiceProvider services)
    {
        if (registration.Configure is { } configure)
        {
            var builder = new ResiliencePolicyBuilder(registration.Name, services, TimeProvider);
            configure(builder);
            return new ResiliencePolicy(registration.Name, null, PolicyGeneration.Make(registration.Name, builder.Plans, null));
        }

        var section = services.GetRequiredService<IConfiguration>().GetSection(registration.ConfigurationPath!);
        var first = PolicyGeneration.Make(registration.Name, SettingsReader.Plan(registration.Name, section, TimeProvider), null);
        var policy = new ResiliencePolicy(registration.Name, section.Path, first);
        var seen = new StrongBox<string>(Flatten(section));
        subscriptions.Add(ChangeToken.OnChange(section.GetReloadToken, () => Reload(policy, section, seen)));
        return policy;
    }

    private void Reload(ResiliencePolicy policy, IConfigurationSection section, StrongBox<string> seen)
    {
        lock (reloading)
        {
            // The token fires for a change anywhere in the configuration; only a change of this section counts.
            var now = Flatten(section);
            if (now == seen.Value)
            {
                return;
            }

            seen.Value = now;
            try
            {
                var plans = SettingsReader.Plan(policy.Name, section, TimeProvider);
                if (Clash(plans, policy) is { } clash)
                {
                    throw new SettingException(clash);
                }

                // Only now, with every setting valid, are parts reused or changed (a breaker's thresholds).
                var next = PolicyGeneration.Make(policy.Name, plans, policy.Snapshot);
                policy.Accept(next);
                logger.LogInformation("Resilience policy '{Policy}' reloaded from '{Path}': generation {Generation}.", policy.Name, section.Path, next.Number);
            }
            catch (SettingException ex)
            {
                policy.Reject(ex.Message);
                logger.LogWarning("Reload of resilience policy '{Policy}' from '{Path}' rejected; generation {Generation} stays in use: {Reason}", policy.Name, section.Path, policy.Generation, ex.Message);
            }
        }
    }

    private IEnumerable<string> DuplicateParts() =>
        Parts.GroupBy(p => p.Name, StringComparer.Ordinal).Where(g => g.Count() > 1)
            .Select(g => $"two different parts are named '{g.Key}' (policies {string.Join(", ", g.Select(p => p.PolicyName))}); give them distinct names.");

    private string? Clash(IReadOnlyList<LayerPlan> plans, ResiliencePolicy owner) =>
        plans.Select(p => p.PartName).FirstOrDefault(n => n is not null && policies.Values.Where(p => p != owner).SelectMany(p => p.Parts).Any(o => o.Name == n)) is { } clash
            ? $"{owner.ConfigurationPath}: a part of another policy is already named '{clash}'."
            : null;

    private static string Flatten(IConfigurationSection section) =>
        string.Join('\n', section.AsEnumerable().OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"));
}
