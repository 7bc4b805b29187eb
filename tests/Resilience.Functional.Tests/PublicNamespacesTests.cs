using System.Reflection;
using Xunit.Abstractions;

namespace Resilience.Functional.Tests;

/// <summary>
/// The types a user writes in ordinary code sit in <c>Resilience.Functional</c>; extension protocols sit in named
/// sub-namespaces (docs/architecture.md). A new public type lands in the root unless it is listed here.
/// </summary>
public class PublicNamespacesTests(ITestOutputHelper output)
{
    private static readonly Dictionary<string, string[]> Protocols = new()
    {
        ["Resilience.Functional.CircuitBreaking"] =
        [
            "BreakerDecision", "BreakerInput", "BreakerInputKind", "BreakerMachineState", "BreakerStep", "BreakerVerdict",
            "BreakerWindowCounts", "CircuitBreakerMachine", "BreakerClusterCounts", "BreakerClusterReport", "IBreakerClusterView",
        ],
        ["Resilience.Functional.Stores"] =
            [
                "IIdempotencySerializer", "IIdempotencyStore", "IdempotencyBegin", "IdempotencyBeginKind", "IdempotencyRecord",
                "ILastKnownGoodStore", "IPartitionedRateLimiter",
            ],
        ["Resilience.Functional.Scheduling"] = ["BackoffDecision", "BackoffInput"],
    };

    private static readonly Assembly Core = typeof(Op).Assembly;

    [Fact]
    public void Every_public_type_sits_in_its_namespace()
    {
        var expected = Protocols.SelectMany(p => p.Value.Select(t => (Type: t, Namespace: p.Key))).ToDictionary(p => p.Type, p => p.Namespace);
        var types = Core.GetExportedTypes().Where(t => t.DeclaringType is null).ToList();
        foreach (var group in types.GroupBy(t => t.Namespace).OrderBy(g => g.Key))
        {
            output.WriteLine($"{group.Key}: {group.Count()}");
        }

        var misplaced = types
            .Where(t => t.Namespace != expected.GetValueOrDefault(t.Name.Split('`')[0], "Resilience.Functional"))
            .Select(t => $"{t.FullName}")
            .ToList();

        Assert.Empty(misplaced);
        Assert.Equal(expected.Count, types.Count(t => t.Namespace != "Resilience.Functional"));
    }
}
