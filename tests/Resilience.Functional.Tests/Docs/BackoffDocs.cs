// The code of docs/backoff.md, compiled and run; the page shows the regions between the snippet markers.
namespace Resilience.Functional.Tests.Docs;

public class BackoffDocs
{
    private static TimeSpan Ms(int milliseconds) => TimeSpan.FromMilliseconds(milliseconds);

    [Fact]
    public void A_schedule_is_a_value_to_build_print_and_list()
    {
        // snippet: backoff-build
        var backoff = Backoff.Exponential(TimeSpan.FromMilliseconds(100))
            .CapDelay(TimeSpan.FromSeconds(1))
            .MaxRetries(5);

        var text = backoff.ToString();            // "Exponential(100ms, x2).CapDelay(1s).MaxRetries(5)"
        var delays = backoff.Take(10, seed: 1);   // 100 ms, 200 ms, 400 ms, 800 ms, 1 s: five retries, then stop

        var jittered = backoff.FullJitter();       // each delay drawn from U(0, t)
        var sample = jittered.Take(10, seed: 7);   // five delays, each at most the one above
        // end snippet

        Assert.Equal("Exponential(100ms, x2).CapDelay(1s).MaxRetries(5)", text);
        Assert.Equal(Seq(Ms(100), Ms(200), Ms(400), Ms(800), Ms(1000)), delays);
        Assert.Equal(5, sample.Count);
        Assert.All(sample.Zip(delays), pair => Assert.InRange(pair.Item1, TimeSpan.Zero, pair.Item2));
    }

    [Fact]
    public void Schedules_combine()
    {
        // snippet: backoff-algebra
        var quick = Backoff.Constant(TimeSpan.FromMilliseconds(10)).MaxRetries(2);
        var slow = Backoff.Constant(TimeSpan.FromSeconds(1)).MaxRetries(3);

        var sequence = quick + slow;      // 10 ms, 10 ms, then 1 s, 1 s, 1 s
        var union = quick | slow;         // goes on while either does, the shorter delay: 10 ms, 10 ms, 1 s
        var intersection = quick & slow;  // goes on while both do, the longer delay: 1 s, 1 s
        // end snippet

        Assert.Equal(Seq(Ms(10), Ms(10), Ms(1000), Ms(1000), Ms(1000)), sequence.Take(10, seed: 1));
        Assert.Equal(Seq(Ms(10), Ms(10), Ms(1000)), union.Take(10, seed: 1));
        Assert.Equal(Seq(Ms(1000), Ms(1000)), intersection.Take(10, seed: 1));
    }
}
