namespace Resilience.Functional.DependencyInjection.Configuration;

/// <summary>A setting that cannot be used; its message names the key, the reason and the configured value.</summary>
internal sealed class SettingException(string message) : Exception(message);
