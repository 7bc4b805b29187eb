namespace Resilience.Functional.Tests;

public class DurationsTests
{
    [Fact]
    public void An_unbounded_duration_is_described_as_infinity()
    {
        Assert.Equal("∞", Durations.Format(TimeSpan.MaxValue));
        Assert.Equal("Constant(1s).CapDelay(∞)", Backoff.Constant(TimeSpan.FromSeconds(1)).CapDelay(TimeSpan.MaxValue).ToString());
    }
}
