using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Resilience.Functional.Tests;

public class HealthAggregationTests
{
    private static readonly HealthState[] AllStates = [HealthState.Unhealthy, HealthState.Degraded, HealthState.Healthy];

    // The seed's rule stated independently: count the healthy checks.
    private static HealthState Model(IReadOnlyCollection<HealthState> states)
    {
        var healthy = states.Count(s => s == HealthState.Healthy);
        return healthy == states.Count ? HealthState.Healthy : healthy > 0 ? HealthState.Degraded : HealthState.Unhealthy;
    }

    public static IEnumerable<object[]> EveryCombinationUpToFour()
    {
        IEnumerable<HealthState[]> Of(int n) =>
            n == 0 ? [[]] : Of(n - 1).SelectMany(prefix => AllStates.Select(s => prefix.Append(s).ToArray()));
        return Enumerable.Range(0, 5).SelectMany(Of).Select(c => new object[] { c });
    }

    [Fact]
    public void Every_combination_is_enumerated() => Assert.Equal(1 + 3 + 9 + 27 + 81, EveryCombinationUpToFour().Count());

    [Theory]
    [MemberData(nameof(EveryCombinationUpToFour))]
    public async Task Registry_aggregates_every_combination_of_up_to_four_checks(HealthState[] states)
    {
        var registry = new HealthRegistry(states.Select((s, i) => new HealthCheck($"c{i}", Op.Succeed(new HealthResult(s, null)))));

        var report = (await registry.RunAsync(CancellationToken.None)).Match(r => r, e => throw new Xunit.Sdk.XunitException(e.Message));

        Assert.Equal(Model(states), report.State);
        Assert.Equal(states, report.Entries.Select(e => e.State));
    }

    public static class StateLists
    {
        public static Arbitrary<HealthState[]> States() =>
            Arb.From(Gen.Choose(0, 4).SelectMany(n => Gen.Elements(AllStates).ArrayOf(n)));
    }

    [Property(MaxTest = 500, Arbitrary = new[] { typeof(StateLists) })]
    public bool Combine_follows_the_seed_rule(HealthState[] states) => HealthAggregation.Combine(states) == Model(states);

    [Property(MaxTest = 200, Arbitrary = new[] { typeof(StateLists) })]
    public bool Failing_checks_count_with_their_failure_state(HealthState[] failureStates)
    {
        var checks = failureStates.Select((s, i) =>
            new HealthCheck($"c{i}", Op.Fail<HealthResult>(Error.New("down"))) { FailureState = s });
        var report = new HealthRegistry(checks).RunAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
        return report.Match(r => r.State == Model(failureStates) && r.Entries.All(e => e.Error.IsSome), _ => false);
    }

    [Fact]
    public void One_degraded_check_among_healthy_ones_degrades_and_only_degraded_is_unhealthy()
    {
        Assert.Equal(HealthState.Degraded, HealthAggregation.Combine([HealthState.Healthy, HealthState.Degraded]));
        Assert.Equal(HealthState.Unhealthy, HealthAggregation.Combine([HealthState.Degraded, HealthState.Unhealthy]));
        Assert.Equal(HealthState.Healthy, HealthAggregation.Combine([]));
    }
}
