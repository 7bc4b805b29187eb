// The code of docs/testing.md's first example, compiled and run; the page shows the region between the snippet
// markers.
using System.Net;
using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Tests.Docs;

public class FakeTimeDocs
{
    [Fact]
    public async Task A_retry_driven_by_a_fake_clock()
    {
        // snippet: testing-fake-time
        var clock = new FakeTimeProvider();
        var calls = 0;
        var retries = 0;
        var flaky = Op.FromFunc(_ => ++calls < 3 ? throw new HttpRequestException("down", null, HttpStatusCode.ServiceUnavailable) : "up");

        var retried = flaky.WithRetry(new RetryOptions
        {
            Backoff = Backoff.Constant(TimeSpan.FromSeconds(10)).MaxRetries(5),
            TimeProvider = clock,                                        // every wait of the retry is on this clock
            OnRetry = _ => Interlocked.Increment(ref retries),           // runs once the wait is armed
        });

        var pending = retried.Run(CancellationToken.None).AsTask();
        for (var retry = 1; retry <= 2; retry++)
        {
            // Move the clock only once the wait is armed; bound the wait for it so a bug fails instead of hanging.
            Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref retries) >= retry, TimeSpan.FromSeconds(10)));
            clock.Advance(TimeSpan.FromSeconds(10));                     // 10 virtual seconds pass in no time
        }

        var outcome = await pending;                                     // Right("up") after three calls
        // end snippet

        Assert.Equal("up", (string)outcome);
        Assert.Equal(3, calls);
    }
}
