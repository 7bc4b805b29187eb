using System.Diagnostics;
using Xunit.Abstractions;

namespace Resilience.Functional.Stress.Tests;

public class TimeoutStressTests(ITestOutputHelper output)
{
    private const int Calls = 100_000;
    private const int Lanes = 256;
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(25);

    // On the system clock a lease reckons its deadline with Environment.TickCount64 (its timer runs on the same
    // clock), which lags the true time by less than its step g; so a timeout may be declared when the true time since
    // the call began is as little as Timeout - g, and no earlier. Each call's elapsed time, measured with Stopwatch
    // from before the call to its result, must be at least that. Operations end just before, at or after the
    // deadline, some synchronously, so leases go back to the pool with their timers in every state. The timeout is
    // chosen well above g (1 ms, or 4 ms where the tick is coarse) so that the bound says something.
    [Fact]
    public async Task No_timeout_error_comes_before_its_deadline_across_100000_near_deadline_calls()
    {
        var granularity = Granularity.OfTickCount();
        var tolerance = Timeout - granularity;
        Assert.True(tolerance > TimeSpan.Zero, $"the tick step {granularity} leaves no bound for a {Timeout} timeout");
        var operation = Op.Of<int>(async ct =>
        {
            var roll = Random.Shared.Next(4);
            if (roll == 0)
            {
                return 1;
            }

            await Task.Delay(Random.Shared.Next(7, 14), ct);
            return 1;
        }).WithTimeout(Timeout);
        long issued = 0, timeouts = 0, early = 0, succeeded = 0;
        var shortest = TimeSpan.MaxValue;
        var gate = new Lock();
        var clock = Stopwatch.StartNew();

        await Task.WhenAll(Enumerable.Range(0, Lanes).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref issued) <= Calls && clock.Elapsed < TimeLimit)
            {
                var started = Stopwatch.GetTimestamp();
                var result = await operation(CancellationToken.None);
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

                if (elapsed < tolerance)
                {
                    Interlocked.Increment(ref early);
                }
            }
        })));

        var done = succeeded + timeouts;
        output.WriteLine($"{clock.Elapsed.TotalMilliseconds:F0} ms, {Lanes} lanes: {done} calls, {succeeded} succeeded, {timeouts} timed out; shortest time to a timeout {shortest.TotalMilliseconds:F3} ms; tick step {granularity.TotalMilliseconds} ms, so none may come before {tolerance.TotalMilliseconds:F3} ms; early {early}");

        Assert.Equal(0, early);
        Assert.True(timeouts > done / 20, "too few calls timed out to test the deadline");
        Assert.True(done >= Calls / 4, $"only {done} calls within {TimeLimit}");
    }
}
