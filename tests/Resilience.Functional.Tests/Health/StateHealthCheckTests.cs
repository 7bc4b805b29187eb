namespace Resilience.Functional.Tests;

public class StateHealthCheckTests
{
    private static async Task<HealthCheckEntry> Run(HealthCheck check) => await check.RunAsync(TimeProvider.System, CancellationToken.None);

    [Theory]
    [InlineData(0.0, HealthState.Healthy)]
    [InlineData(0.79, HealthState.Healthy)]
    [InlineData(0.8, HealthState.Degraded)]
    [InlineData(0.99, HealthState.Degraded)]
    [InlineData(1.0, HealthState.Unhealthy)]
    [InlineData(1.5, HealthState.Unhealthy)]
    [InlineData(double.NaN, HealthState.Unhealthy)]
    public void Default_thresholds_classify_usage(double ratio, HealthState expected) =>
        Assert.Equal(expected, HealthThresholds.Default.Classify(ratio));

    [Fact]
    public void Thresholds_are_validated()
    {
        Assert.Equal("degraded", Assert.Throws<ArgumentOutOfRangeException>(() => new HealthThresholds(0, 1)).ParamName);
        Assert.Equal("unhealthy", Assert.Throws<ArgumentOutOfRangeException>(() => new HealthThresholds(0.5, 1.1)).ParamName);
        Assert.Equal("unhealthy", Assert.Throws<ArgumentOutOfRangeException>(() => new HealthThresholds(0.5, double.NaN)).ParamName);
        Assert.Equal("degraded", Assert.Throws<ArgumentOutOfRangeException>(() => new HealthThresholds(0.9, 0.5)).ParamName);
        Assert.Equal(HealthState.Healthy, new HealthThresholds(0.5, 0.5).Classify(0.49));
        Assert.Equal(HealthState.Unhealthy, new HealthThresholds(0.5, 0.5).Classify(0.5));
    }

    [Fact]
    public void Rejected_thresholds_say_what_is_allowed()
    {
        Assert.StartsWith("unhealthy must be in (0, 1].", Assert.Throws<ArgumentOutOfRangeException>(() => new HealthThresholds(0.5, 1.1)).Message);
        Assert.StartsWith($"degraded must be in (0, unhealthy] = (0, {0.5}].", Assert.Throws<ArgumentOutOfRangeException>(() => new HealthThresholds(0.9, 0.5)).Message);
    }

    [Fact]
    public async Task A_check_accepts_the_longest_timeout_and_explains_or_names_every_rejected_setting()
    {
        var check = HealthCheck.FromState("x", () => HealthResult.Healthy("ok"));

        Assert.Equal(HealthCheck.MaxTimeout, (check with { Timeout = HealthCheck.MaxTimeout }).Timeout);
        Assert.StartsWith($"Timeout must be in (0, {HealthCheck.MaxTimeout}].", Assert.Throws<ArgumentOutOfRangeException>(() => check with { Timeout = TimeSpan.Zero }).Message);
        Assert.StartsWith("FailureState must be Unhealthy, Degraded or Healthy.", Assert.Throws<ArgumentOutOfRangeException>(() => check with { FailureState = (HealthState)42 }).Message);
        Assert.StartsWith("Measurement must be null or not white space.", Assert.Throws<ArgumentException>(() => check with { Measurement = " " }).Message);
        Assert.StartsWith("A health check name must not be empty or white space.", Assert.Throws<ArgumentException>(() => check with { Name = " " }).Message);
        Assert.Equal("tags", Assert.Throws<ArgumentNullException>(() => check.WithTags(null!)).ParamName);
        Assert.Equal("timeProvider", (await Assert.ThrowsAsync<ArgumentNullException>(async () => await check.RunAsync(null!, CancellationToken.None))).ParamName);
    }

    // A stand-in for a bulkhead: the check follows its saturation as it changes.
    private sealed class Slots(int capacity)
    {
        public int InUse { get; set; }

        public double Saturation => (double)InUse / capacity;
    }

    [Fact]
    public async Task A_usage_check_follows_the_objects_saturation()
    {
        var slots = new Slots(10);
        var check = HealthCheck.FromUsageRatio("bulkhead", () => slots.Saturation, new HealthThresholds(0.7, 1.0));
        Assert.Equal("bulkhead:utilization", check.Key);

        var states = new List<HealthState>();
        foreach (var inUse in new[] { 0, 6, 7, 9, 10, 3 })
        {
            slots.InUse = inUse;
            states.Add((await Run(check)).State);
        }

        Assert.Equal([HealthState.Healthy, HealthState.Healthy, HealthState.Degraded, HealthState.Degraded, HealthState.Unhealthy, HealthState.Healthy], states);
        slots.InUse = 9;
        var entry = await Run(check);
        Assert.Equal(0.9, ((HealthResult)entry.Result.Case!).ObservedValue);
    }

    [Fact]
    public async Task An_exhaustion_check_follows_remaining_tokens()
    {
        var tokens = 10.0;
        var check = HealthCheck.FromUsageRatio("budget", () => 1 - (tokens / 10), HealthThresholds.Default);

        Assert.Equal(HealthState.Healthy, (await Run(check)).State);
        tokens = 1;
        Assert.Equal(HealthState.Degraded, (await Run(check)).State);
        tokens = 0;
        Assert.Equal(HealthState.Unhealthy, (await Run(check)).State);
    }

    private enum Gate
    {
        Closed,
        HalfOpen,
        Open,
    }

    [Fact]
    public async Task A_state_check_follows_a_three_state_gate_and_reports_a_throwing_probe()
    {
        var gate = Gate.Closed;
        var check = HealthCheck.FromState("breaker", () => HealthCheck.GateResult(gate == Gate.Closed, gate == Gate.HalfOpen, gate.ToString()));

        var observed = new List<HealthState>();
        foreach (var g in new[] { Gate.Closed, Gate.HalfOpen, Gate.Open, Gate.Closed })
        {
            gate = g;
            observed.Add((await Run(check)).State);
        }

        Assert.Equal([HealthState.Healthy, HealthState.Degraded, HealthState.Unhealthy, HealthState.Healthy], observed);

        var broken = HealthCheck.FromState("broken", () => throw new InvalidOperationException("no state")) with { FailureState = HealthState.Degraded };
        var entry = await Run(broken);
        Assert.Equal(HealthState.Degraded, entry.State);
        Assert.Equal("no state", entry.Description);
    }
}
