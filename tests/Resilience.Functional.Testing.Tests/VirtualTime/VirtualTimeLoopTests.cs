namespace Resilience.Functional.Testing.Tests;

public class VirtualTimeLoopTests
{
    [Fact]
    public void Runs_hours_of_waits_at_once_and_on_one_thread()
    {
        var loop = new VirtualTimeLoop();
        var time = loop.Time;
        var threads = new System.Collections.Generic.HashSet<int>();
        var log = new List<string>();

        async Task<int> Worker(string name, TimeSpan step, int count)
        {
            for (var i = 0; i < count; i++)
            {
                threads.Add(Environment.CurrentManagedThreadId);
                await Task.Delay(step, time).ConfigureAwait(i % 2 == 0);
                log.Add($"{name}{i}@{time.Elapsed.TotalMinutes}");
            }

            threads.Add(Environment.CurrentManagedThreadId);
            return count;
        }

        var total = loop.Run(
            async () =>
            {
                var a = Worker("a", TimeSpan.FromMinutes(30), 4);
                var b = Worker("b", TimeSpan.FromMinutes(45), 3);
                return await a + await b;
            },
            TimeSpan.FromDays(1));

        Assert.Equal(7, total);
        Assert.Equal(TimeSpan.FromMinutes(135), time.Elapsed);
        // At 90 both are due: b's timer was armed at 45, a's at 60, so b goes first.
        Assert.Equal(["a0@30", "b0@45", "a1@60", "b1@90", "a2@90", "a3@120", "b2@135"], log);
        Assert.Equal([Environment.CurrentManagedThreadId], threads);
    }

    [Fact]
    public void Runs_without_a_synchronization_context_and_restores_the_callers()
    {
        var before = SynchronizationContext.Current;
        var loop = new VirtualTimeLoop();

        SynchronizationContext.SetSynchronizationContext(new SynchronizationContext());
        try
        {
            var inside = loop.Run(async () => { await Task.Delay(TimeSpan.FromSeconds(1), loop.Time); return SynchronizationContext.Current; }, TimeSpan.FromMinutes(1));

            Assert.Null(inside);
            Assert.IsType<SynchronizationContext>(SynchronizationContext.Current);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(before);
        }
    }

    [Fact]
    public void Reports_a_stall_when_the_code_waits_on_something_outside_virtual_time()
    {
        var loop = new VirtualTimeLoop();
        var never = new TaskCompletionSource<int>();

        var error = Assert.Throws<InvalidOperationException>(() => loop.Run(() => never.Task, TimeSpan.FromMinutes(1)));

        Assert.Contains("stalled", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Abandons_a_run_that_would_pass_its_virtual_time_limit()
    {
        var loop = new VirtualTimeLoop();

        var error = Assert.Throws<InvalidOperationException>(() =>
            loop.Run(async () => { await Task.Delay(TimeSpan.FromHours(2), loop.Time); return 0; }, TimeSpan.FromHours(1)));

        Assert.Contains("did not finish", error.Message, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.Zero, loop.Time.Elapsed);
    }

    [Fact]
    public void Calls_after_step_after_each_batch_of_work()
    {
        var loop = new VirtualTimeLoop();
        var seen = new List<TimeSpan>();
        loop.AfterStep = () => seen.Add(loop.Time.Elapsed);

        loop.Run(async () => { await Task.Delay(TimeSpan.FromSeconds(3), loop.Time); return 0; }, TimeSpan.FromMinutes(1));

        Assert.Equal([TimeSpan.Zero, TimeSpan.FromSeconds(3)], seen);
    }
}
