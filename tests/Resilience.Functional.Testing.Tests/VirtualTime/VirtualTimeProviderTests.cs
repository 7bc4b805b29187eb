namespace Resilience.Functional.Testing.Tests;

public class VirtualTimeProviderTests
{
    [Fact]
    public void Timers_fire_at_their_due_time_in_order_of_due_time_then_of_arming()
    {
        var time = new VirtualTimeProvider();
        var fired = new List<string>();
        using var late = time.CreateTimer(_ => fired.Add($"late@{time.Elapsed.TotalSeconds}"), null, TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan);
        using var first = time.CreateTimer(_ => fired.Add($"first@{time.Elapsed.TotalSeconds}"), null, TimeSpan.FromSeconds(2), Timeout.InfiniteTimeSpan);
        using var second = time.CreateTimer(_ => fired.Add($"second@{time.Elapsed.TotalSeconds}"), null, TimeSpan.FromSeconds(2), Timeout.InfiniteTimeSpan);

        while (time.TryFireNext())
        {
        }

        Assert.Equal(["first@2", "second@2", "late@5"], fired);
        Assert.Equal(TimeSpan.FromSeconds(5), time.Elapsed);
    }

    [Fact]
    public void A_periodic_timer_repeats_until_disposed_and_a_changed_timer_fires_only_at_its_new_time()
    {
        var time = new VirtualTimeProvider();
        var ticks = new List<double>();
        var periodic = time.CreateTimer(_ => ticks.Add(time.Elapsed.TotalSeconds), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
        var moved = new List<double>();
        using var changed = time.CreateTimer(_ => moved.Add(time.Elapsed.TotalSeconds), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        changed.Change(TimeSpan.FromSeconds(4), Timeout.InfiniteTimeSpan);

        time.Advance(TimeSpan.FromSeconds(6));
        periodic.Dispose();
        time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal([1.0, 3.0, 5.0], ticks);
        Assert.Equal([4.0], moved);
        Assert.Equal(0, time.PendingTimers);
        Assert.False(periodic.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
    }

    [Fact]
    public void Clock_readings_follow_virtual_time()
    {
        var start = new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);
        var time = new VirtualTimeProvider(start);
        var stamp = time.GetTimestamp();

        time.Advance(TimeSpan.FromMilliseconds(1500));

        Assert.Equal(start.AddMilliseconds(1500), time.GetUtcNow());
        Assert.Equal(TimeSpan.FromMilliseconds(1500), time.GetElapsedTime(stamp));
        Assert.Throws<ArgumentOutOfRangeException>(() => time.Advance(TimeSpan.FromTicks(-1)));
    }

    [Fact]
    public void Task_delay_and_timed_cancellation_complete_in_virtual_time()
    {
        var time = new VirtualTimeProvider();
        var delay = Task.Delay(TimeSpan.FromMinutes(10), time);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30), time);

        time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(cts.IsCancellationRequested);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(cts.IsCancellationRequested);
        Assert.False(delay.IsCompleted);
        time.Advance(TimeSpan.FromMinutes(10));
        Assert.True(delay.IsCompletedSuccessfully);
    }

    [Fact]
    public void A_cancelled_delay_disarms_its_timer()
    {
        var time = new VirtualTimeProvider();
        using var cts = new CancellationTokenSource();
        var delay = Task.Delay(TimeSpan.FromHours(1), time, cts.Token);
        Assert.Equal(1, time.PendingTimers);

        cts.Cancel();

        Assert.True(delay.IsCanceled);
        Assert.Equal(0, time.PendingTimers);
        Assert.Null(time.NextDue);
    }
}
