using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Tests;

public class ElapsedClockTests
{
    [Fact]
    public void On_the_system_clock_the_elapsed_time_is_the_whole_milliseconds_of_the_tick_count_since_it_was_made()
    {
        var before = Environment.TickCount64;
        var clock = new ElapsedClock(TimeProvider.System);

        // No sleep: spin, with a bound, until the clock has seen the tick count move on (in steps of up to a few ms).
        Assert.True(SpinWait.SpinUntil(() => clock.ElapsedTicks > 0, TimeSpan.FromSeconds(10)), "the clock did not move within 10 s");
        var elapsed = clock.ElapsedTicks;
        var after = Environment.TickCount64;

        Assert.Equal(0, elapsed % TimeSpan.TicksPerMillisecond);
        Assert.InRange(elapsed, TimeSpan.TicksPerMillisecond, (after - before) * TimeSpan.TicksPerMillisecond);
    }

    [Fact]
    public void On_any_other_provider_the_elapsed_time_and_the_instant_are_the_providers_own()
    {
        var time = new FakeTimeProvider();
        var clock = new ElapsedClock(time);

        time.Advance(TimeSpan.FromTicks(12_345));

        Assert.Equal(12_345, clock.ElapsedTicks);
        Assert.Equal(time.GetUtcNow(), clock.UtcNow);
        Assert.Equal(time.GetUtcNow().UtcTicks, clock.UtcTicks);
    }
}
