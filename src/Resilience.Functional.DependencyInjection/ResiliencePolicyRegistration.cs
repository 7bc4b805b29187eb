namespace Resilience.Functional.DependencyInjection;

/// <summary>
/// A policy as registered: built in code by <see cref="Configure"/>, or bound to the section at
/// <see cref="ConfigurationPath"/>. The registry makes every registration when it is first resolved.
/// </summary>
internal sealed record ResiliencePolicyRegistration(string Name, string? ConfigurationPath, Action<ResiliencePolicyBuilder>? Configure);
