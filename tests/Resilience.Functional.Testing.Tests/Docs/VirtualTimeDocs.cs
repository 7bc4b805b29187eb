// The code of docs/testing.md's virtual-time example, compiled and run; the page shows the region between the snippet
// markers.
namespace Resilience.Functional.Testing.Tests.Docs;

public class VirtualTimeDocs
{
    [Fact]
    public void A_retry_with_minute_long_waits_runs_in_virtual_time()
    {
        // snippet: testing-virtual-time
        var loop = new VirtualTimeLoop();
        var calls = 0;
        var flaky = Op.FromFunc(_ => ++calls < 3 ? throw new TimeoutException("slow") : "up");

        var retried = flaky.WithRetry(new RetryOptions
        {
            Backoff = Backoff.Constant(TimeSpan.FromMinutes(1)).MaxRetries(5),
            TimeProvider = loop.Time,                       // a VirtualTimeProvider
        });

        // Runs on this thread, firing each timer when nothing else can run; gives up past an hour of virtual time.
        var outcome = loop.Run(async () => await retried.Run(CancellationToken.None), TimeSpan.FromHours(1));
        var elapsed = loop.Time.Elapsed;                    // 2 virtual minutes: two waits of a minute
        // end snippet

        Assert.Equal("up", (string)outcome);
        Assert.Equal(3, calls);
        Assert.Equal(TimeSpan.FromMinutes(2), elapsed);
    }
}
