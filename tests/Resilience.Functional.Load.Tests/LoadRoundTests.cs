namespace Resilience.Functional.Load.Tests;

public sealed class LoadRoundTests
{
    [Fact(Timeout = 60_000)]
    public async Task A_round_counts_every_workers_calls_and_failures()
    {
        var calls = 0;
        var side = new Side("test", () => Interlocked.Increment(ref calls) % 4 != 0);

        var result = await Task.Run(() => LoadRound.Run(side, 1, 3, static () => { }));

        Assert.Equal(calls, result.Operations);
        Assert.True(result.Operations >= 3 * LoadRound.Batch);
        Assert.Equal(result.Operations / 4, result.Failures);
        Assert.Equal(3, result.Collections.Count);
        Assert.True(result.PeakWorkingSet > 0);
    }

    [Fact(Timeout = 60_000)]
    public async Task Both_pipelines_succeed_on_every_call()
    {
        foreach (var side in new[] { Pipelines.Functional(), Pipelines.Polly() })
        {
            var result = await Task.Run(() => LoadRound.Run(side, 1, 2, static () => { }));

            Assert.Equal(0, result.Failures);
        }
    }

    [Fact]
    public void A_call_that_allocates_is_measured_per_call()
    {
        var side = new Side("allocating", () => new object[4].Length == 4);

        Assert.True(LoadRound.BytesPerCall(side, 1000) >= 4 * IntPtr.Size);
    }

    [Fact(Timeout = 60_000)]
    public async Task Rounds_alternate_which_library_goes_first()
    {
        var ours = new Side("ours", static () => true);
        var theirs = new Side("theirs", static () => true);

        var results = await Task.Run(() => LoadRun.Run(new LoadSettings { Workers = 1, Rounds = 3 }, ours, theirs, static () => { }, static () => { }, static _ => { }));

        Assert.Equal(["ours", "theirs", "theirs", "ours", "ours", "theirs"], results.Select(r => r.Side));
        Assert.Equal([1, 1, 2, 2, 3, 3], results.Select(r => r.Round));
    }
}
