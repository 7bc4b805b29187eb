using System.Runtime.CompilerServices;

namespace Resilience.Functional.Tests;

public class WaitsTests
{
    [Fact]
    public void A_wait_whose_timer_fires_before_it_is_registered_leaves_no_registration_on_the_callers_token()
    {
        var clock = new CountingClock { FireOnArm = true };
        using var longLived = new CancellationTokenSource();

        var waits = Enumerable.Range(0, 200).Select(_ => Wait(clock, longLived.Token)).ToArray();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        // A registration left on the token keeps its wait, and the wait's task, reachable from the token's source.
        Assert.Equal(0, waits.Count(w => w.TryGetTarget(out _)));
        Assert.Equal(0, clock.Live);
    }

    [Fact]
    public void A_wait_cancelled_before_its_timer_fires_releases_its_timer()
    {
        var clock = new CountingClock();
        using var cts = new CancellationTokenSource();

        var wait = Waits.Delay(clock, TimeSpan.FromSeconds(1), cts.Token);
        cts.Cancel();

        Assert.False(wait.Result);
        Assert.Equal(1, clock.Created);
        Assert.Equal(0, clock.Live);
    }

    [Fact]
    public void A_wait_on_a_cancelled_token_reports_cancelled_without_a_timer_even_for_no_delay()
    {
        var clock = new CountingClock();
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        var none = Waits.Delay(clock, TimeSpan.Zero, cts.Token);
        var some = Waits.Delay(clock, TimeSpan.FromSeconds(1), cts.Token);

        Assert.True(none.IsCompletedSuccessfully);
        Assert.False(none.Result);
        Assert.True(some.IsCompletedSuccessfully);
        Assert.False(some.Result);
        Assert.Equal(0, clock.Created);
    }

    [Fact]
    public void A_wait_of_no_time_has_elapsed_at_once_without_a_timer()
    {
        var clock = new CountingClock();
        using var cts = new CancellationTokenSource();

        var zero = Waits.Delay(clock, TimeSpan.Zero, cts.Token);
        var negative = Waits.Delay(clock, TimeSpan.FromTicks(-1), CancellationToken.None);

        Assert.True(zero.IsCompletedSuccessfully && zero.Result);
        Assert.True(negative.IsCompletedSuccessfully && negative.Result);
        Assert.Equal(0, clock.Created);
    }

    [Fact]
    public void A_wait_longer_than_a_timer_can_wait_elapses_only_when_the_whole_delay_has_passed()
    {
        var clock = new CountingClock();
        var delay = OptionGuards.MaxDelay + TimeSpan.FromDays(1);

        var wait = Waits.Delay(clock, delay, CancellationToken.None);
        clock.Advance(OptionGuards.MaxDelay);
        var afterFirstPiece = wait.IsCompleted;
        clock.Advance(TimeSpan.FromDays(1) - TimeSpan.FromTicks(1));
        var justBefore = wait.IsCompleted;
        clock.Advance(TimeSpan.FromTicks(1));

        Assert.False(afterFirstPiece);
        Assert.False(justBefore);
        Assert.True(wait.IsCompletedSuccessfully && wait.Result);
        Assert.Equal(0, clock.Live);
    }

    [Fact]
    public void A_wait_whose_token_is_cancelled_while_its_timer_is_made_releases_that_timer()
    {
        using var cts = new CancellationTokenSource();
        var clock = new CancellingClock(cts);

        var wait = Waits.Delay(clock, TimeSpan.FromSeconds(1), cts.Token);

        Assert.True(wait.IsCompletedSuccessfully);
        Assert.False(wait.Result);
        Assert.Equal(1, clock.Inner.Created);
        Assert.Equal(0, clock.Inner.Live);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference<Task<bool>> Wait(CountingClock clock, CancellationToken ct)
    {
        var wait = Waits.Delay(clock, TimeSpan.FromTicks(1000), ct);
        Assert.True(wait.IsCompletedSuccessfully && wait.Result);
        return new WeakReference<Task<bool>>(wait);
    }

    /// <summary>A clock whose timer creation cancels a token: the token fires between the wait's check and its registration.</summary>
    private sealed class CancellingClock(CancellationTokenSource cts) : TimeProvider
    {
        public CountingClock Inner { get; } = new();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = Inner.CreateTimer(callback, state, dueTime, period);
            cts.Cancel();
            return timer;
        }
    }
}
