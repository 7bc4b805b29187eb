using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Tests;

/// <summary>
/// The lease's deadline when the arming reads no clock (the system clock's mode), driven on a fake clock: the first
/// tick that finds an arming stamps it, so a timeout fires after at least its timeout and within one tick of it.
/// </summary>
public class TimeoutLeaseTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMilliseconds(80);

    private static TimeoutLease Unstamped(FakeTimeProvider time, TimeSpan? limit = null) =>
        new(time, limit ?? Limit, stampsArming: false);

    [Theory]
    [InlineData(80_000, 10_000)]
    [InlineData(2_000, 1_000)]
    [InlineData(500, 500)]
    [InlineData(3_600_000_000, 450_000_000)]
    public void A_tick_is_an_eighth_of_the_timeout_at_least_a_millisecond_and_never_more_than_the_timeout(long timeoutMicros, long tickMicros)
    {
        var lease = Unstamped(new FakeTimeProvider(), TimeSpan.FromMicroseconds(timeoutMicros));

        Assert.Equal(TimeSpan.FromMicroseconds(tickMicros), lease.Tick);
    }

    [Fact]
    public void On_a_stamping_clock_the_timer_ticks_once_at_the_deadline()
    {
        var lease = new TimeoutLease(new FakeTimeProvider(), Limit);

        Assert.Equal(Limit, lease.Tick);
    }

    [Fact]
    public void An_arming_stamped_by_its_first_tick_times_out_a_full_timeout_after_that_tick()
    {
        var time = new FakeTimeProvider();
        var lease = Unstamped(time);
        lease.Arm(CancellationToken.None);

        // A fake clock moves to the end of an advance before it runs the timers due in it: one step per tick.
        time.Advance(lease.Tick);
        time.Advance(Limit - TimeSpan.FromTicks(1));
        Assert.False(lease.Token.IsCancellationRequested);
        time.Advance(TimeSpan.FromTicks(1));

        Assert.True(lease.Token.IsCancellationRequested);
        Assert.Equal(TimeoutLease.TimedOut, lease.End());
    }

    [Fact]
    public void A_lease_reused_after_a_long_call_finds_its_next_tick_at_most_one_tick_away()
    {
        var time = new FakeTimeProvider();
        var pool = new TokenSourcePool<TimeoutLease>(() => Unstamped(time));
        var first = pool.Rent();
        first.Arm(CancellationToken.None);
        for (var i = 0; i < 5; i++)
        {
            time.Advance(first.Tick);
        }

        Assert.Equal(TimeoutLease.Armed, first.Release(pool));

        var second = pool.Rent();
        Assert.Same(first, second);
        time.Advance(TimeSpan.FromMilliseconds(3));
        second.Arm(CancellationToken.None);
        for (var elapsed = TimeSpan.Zero; elapsed < Limit; elapsed += TimeSpan.FromMilliseconds(1))
        {
            time.Advance(TimeSpan.FromMilliseconds(1));
            Assert.False(second.Token.IsCancellationRequested);
        }

        time.Advance(second.Tick);

        Assert.True(second.Token.IsCancellationRequested);
    }

    [Fact]
    public void A_stale_stamp_of_an_earlier_arming_never_shortens_the_next_one()
    {
        var time = new FakeTimeProvider();
        var pool = new TokenSourcePool<TimeoutLease>(() => Unstamped(time));
        var first = pool.Rent();
        first.Arm(CancellationToken.None);
        time.Advance(first.Tick);
        time.Advance(Limit - first.Tick);
        Assert.Equal(TimeoutLease.Armed, first.Release(pool));

        // The first arming's stamp is nearly a whole timeout old; the next arming must not inherit it.
        var second = pool.Rent();
        second.Arm(CancellationToken.None);
        time.Advance(Limit - TimeSpan.FromTicks(1));

        Assert.False(second.Token.IsCancellationRequested);
    }
}
