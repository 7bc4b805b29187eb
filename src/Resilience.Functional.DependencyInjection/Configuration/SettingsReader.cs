using Microsoft.Extensions.Configuration;

namespace Resilience.Functional.DependencyInjection.Configuration;

/// <summary>Reads and validates a policy's section: the one path for startup validation and for every reload.</summary>
internal static class SettingsReader
{
    /// <summary>The section bound and planned; a <see cref="SettingException"/> names the first bad key.</summary>
    public static IReadOnlyList<LayerPlan> Plan(string policy, IConfigurationSection section, TimeProvider clock)
    {
        if (!section.Exists())
        {
            throw new SettingException($"{section.Path}: the section of resilience policy '{policy}' is missing or empty.");
        }

        ResiliencePolicySettings settings;
        try
        {
            // A misspelt key is an error, not a silently ignored setting; the binder's message names the path.
            settings = section.Get<ResiliencePolicySettings>(binder => binder.ErrorOnUnknownConfiguration = true) ?? new();
        }
        catch (InvalidOperationException ex)
        {
            throw new SettingException($"{section.Path}: {ex.Message}");
        }

        return settings.ToPlans(policy, new SettingPath(section.Path), clock);
    }

    /// <summary>Why the section is not a valid policy, or null when it is.</summary>
    public static string? Validate(string policy, IConfigurationSection section, TimeProvider clock)
    {
        try
        {
            _ = Plan(policy, section, clock);
            return null;
        }
        catch (SettingException ex)
        {
            return ex.Message;
        }
    }
}
