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

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference<Task<bool>> Wait(CountingClock clock, CancellationToken ct)
    {
        var wait = Waits.Delay(clock, TimeSpan.FromTicks(1000), ct);
        Assert.True(wait.IsCompletedSuccessfully && wait.Result);
        return new WeakReference<Task<bool>>(wait);
    }
}
