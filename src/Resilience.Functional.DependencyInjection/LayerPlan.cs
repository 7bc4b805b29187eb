namespace Resilience.Functional.DependencyInjection;

/// <summary>
/// One validated layer of a policy, not yet made: <see cref="Make"/> builds its policy from the part the previous
/// generation had under <see cref="PartName"/> (null if none), reusing that part when the settings allow
/// (docs/hosting.md#what-a-reload-keeps). Validation happens before any part is touched, so a bad reload changes nothing.
/// </summary>
internal sealed record LayerPlan(string? PartName, Func<object?, LayerMade> Make)
{
    public static LayerPlan Stateless(Policy policy) => new(null, _ => new LayerMade(policy, null));
}

/// <summary>A made layer: its policy and the stateful object it owns, if any.</summary>
internal readonly record struct LayerMade(Policy Policy, object? Part);
