// The code of docs/timeout.md, compiled and run; the page shows the region between the snippet markers.
using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Tests.Docs;

public class TimeoutDocs
{
    [Fact]
    public async Task A_call_that_outlives_its_deadline_is_a_timeout_error()
    {
        var clock = new FakeTimeProvider(); // TimeProvider.System in production

        // snippet: timeout
        // A call that would take a minute, honouring its token.
        var slow = Op.FromTask(async ct =>
        {
            await Task.Delay(TimeSpan.FromMinutes(1), clock, ct);
            return "late";
        });

        var bounded = slow.WithTimeout(new TimeoutOptions { Timeout = TimeSpan.FromSeconds(2), TimeProvider = clock });

        var pending = bounded.Run(CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(2));   // the deadline passes: the call's token is cancelled
        var outcome = await pending;              // Left(TimeoutError { Timeout = 00:00:02 })
        // end snippet

        var error = Assert.IsType<TimeoutError>((Error)outcome);
        Assert.Equal(TimeSpan.FromSeconds(2), error.Timeout);
        Assert.True(ErrorClassifier.Default.IsTransient(error));
    }

    [Fact]
    public async Task The_callers_cancellation_stays_a_cancelled_error()
    {
        var clock = new FakeTimeProvider();
        var slow = Op.FromTask(async ct =>
        {
            await Task.Delay(TimeSpan.FromMinutes(1), clock, ct);
            return "late";
        });
        using var cts = new CancellationTokenSource();

        var pending = slow.WithTimeout(new TimeoutOptions { Timeout = TimeSpan.FromSeconds(2), TimeProvider = clock }).Run(cts.Token);
        await cts.CancelAsync();

        Assert.Same(CancelledError.Instance, (Error)await pending);
    }
}
