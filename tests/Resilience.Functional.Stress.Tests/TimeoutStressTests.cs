using System.Diagnostics;
using Xunit.Abstractions;

namespace Resilience.Functional.Stress.Tests;

public class TimeoutStressTests(ITestOutputHelper output)
{
    private const int Calls = 100_000;
    private const int Lanes = 256;
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(2);
    private static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(25);

    // A lease checks its deadline on the high-resolution timestamp and moves an early tick on, so a timeout is never
    // declared before the timeout has elapsed since the call began; each call's elapsed time, measured with Stopwatch
    // from before the call to its result, must be at least the timeout. The timeout is short (2 ms, below the 4 ms
    // step of the millisecond tick count on this kind of machine, which once let a 2 ms timeout fire after 0.09 ms).
    // Operations end just before, at or after the deadline, some synchronously, so leases go back to the pool with
    // their timers in every state. A caller whose token cannot be cancelled takes the shared path instead (calls that
    // begin in one slice of time share one token, cancelled a timeout after the slice closed), and so does a timeout
    // inside a timeout, whose caller's token is the outer one's shared token: all three are run.
    [Theory]
    [InlineData("leases")]
    [InlineData("shared deadlines")]
    [InlineData("nested shared deadlines")]
    public async Task No_timeout_error_comes_before_its_deadline_across_100000_near_deadline_calls(string path)
    {
        using var caller = new CancellationTokenSource();
        var callerToken = path == "leases" ? caller.Token : CancellationToken.None;
        var timed = Op.Of<int>(async ct =>
        {
            var roll = Random.Shared.Next(4);
            if (roll == 0)
            {
                return 1;
            }

            await Task.Delay(Random.Shared.Next(1, 4), ct);
            return 1;
        }).WithTimeout(Timeout);
        var operation = path == "nested shared deadlines" ? timed.WithTimeout(TimeSpan.FromSeconds(30)) : timed;
        long issued = 0, timeouts = 0, early = 0, succeeded = 0;
        var shortest = TimeSpan.MaxValue;
        var gate = new Lock();
        var clock = Stopwatch.StartNew();

        await Task.WhenAll(Enumerable.Range(0, Lanes).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref issued) <= Calls && clock.Elapsed < TimeLimit)
            {
                var started = Stopwatch.GetTimestamp();
                var result = await operation(callerToken);
                var elapsed = Stopwatch.GetElapsedTime(started);
                if (result.IsRight)
                {
                    Interlocked.Increment(ref succeeded);
                    continue;
                }

                Assert.IsType<TimeoutError>((Error)result);
                Interlocked.Increment(ref timeouts);
                lock (gate)
                {
                    shortest = elapsed < shortest ? elapsed : shortest;
                }

                if (elapsed < Timeout)
                {
                    Interlocked.Increment(ref early);
                }
            }
        })));

        var done = succeeded + timeouts;
        output.WriteLine($"{path}: {clock.Elapsed.TotalMilliseconds:F0} ms, {Lanes} lanes: {done} calls, {succeeded} succeeded, {timeouts} timed out; shortest time to a timeout {shortest.TotalMilliseconds:F3} ms (none may come before {Timeout.TotalMilliseconds} ms); early {early}");

        Assert.Equal(0, early);
        Assert.True(timeouts > done / 20, "too few calls timed out to test the deadline");
        Assert.True(done >= Calls / 4, $"only {done} calls within {TimeLimit}");
    }
}
