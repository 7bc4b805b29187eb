namespace Resilience.Functional.DependencyInjection;

/// <summary>One built version of a named policy: its pipeline and its parts, replaced whole on a reload.</summary>
internal sealed record PolicyGeneration(long Number, Policy Policy, IReadOnlyList<ResiliencePart> Parts)
{
    /// <summary>Makes <paramref name="plans"/>, handing each layer the part <paramref name="previous"/> had under its name.</summary>
    public static PolicyGeneration Make(string name, IReadOnlyList<LayerPlan> plans, PolicyGeneration? previous)
    {
        var layers = new Policy[plans.Count];
        var parts = new List<ResiliencePart>();
        for (var i = 0; i < plans.Count; i++)
        {
            var plan = plans[i];
            var old = plan.PartName is null ? null : previous?.Parts.FirstOrDefault(p => p.Name == plan.PartName)?.Instance;
            var made = plan.Make(old);
            layers[i] = made.Policy;
            if (made.Part is { } part)
            {
                parts.Add(ReferenceEquals(part, old) ? previous!.Parts.First(p => p.Name == plan.PartName) : ResiliencePart.Of(name, plan.PartName!, part));
            }
        }

        return new PolicyGeneration((previous?.Number ?? 0) + 1, Policy.Pipeline(layers).Named(name), parts);
    }
}
