using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Resilience.Functional.DependencyInjection;

/// <summary>
/// What <c>ValidateOnStart</c> checks: that the registry can be made, i.e. that every policy's settings (each
/// configuration section, each builder) are valid. Filled by resolving the registry, so startup fails with the
/// same messages the registry's first use would give.
/// </summary>
internal sealed class ResilienceStartupCheck
{
    public IReadOnlyList<string> Failures { get; set; } = [];

    /// <summary>Makes <typeparamref name="TService"/> at startup; its <see cref="OptionsValidationException"/> fails the start.</summary>
    public static void Register<TService>(IServiceCollection services, string name)
        where TService : notnull
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ResilienceStartupCheck>, ResilienceStartupValidator>());
        services.AddOptions<ResilienceStartupCheck>(name)
            .Configure<IServiceProvider>(static (check, sp) =>
            {
                try
                {
                    _ = sp.GetRequiredService<TService>();
                }
                catch (OptionsValidationException ex)
                {
                    check.Failures = [.. ex.Failures];
                }
            })
            .ValidateOnStart();
    }
}

/// <summary>Fails startup with the registry's failures, each naming its policy, key and allowed range.</summary>
internal sealed class ResilienceStartupValidator : IValidateOptions<ResilienceStartupCheck>
{
    public ValidateOptionsResult Validate(string? name, ResilienceStartupCheck options) =>
        options.Failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(options.Failures);
}
