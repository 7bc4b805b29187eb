using System.Diagnostics;
using Xunit.Abstractions;

namespace Resilience.Functional.Stress.Tests;

public class WaitsStressTests(ITestOutputHelper output)
{
    private const int Waits = 20_000;
    private static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(10);

    // A wait registers on the caller's token and must remove its registration when it ends, by its timer or
    // otherwise. The registrations on one long-lived token are counted by walking its source's registration list
    // (checked first on a registration made and removed on purpose): after many short waits (retry delays and
    // rate-limiter waits) none may be left. The wait that completes the last call may still be ending on its timer's
    // thread when the test resumes, so the count is polled (bounded) down to zero. As a second view, every timer the
    // waits made is tracked by a weak reference; those still reachable after a full collection are reported (a
    // registration left behind would keep its wait's timer reachable from the token).
    [Fact]
    public async Task Many_short_waits_leave_no_registration_on_a_long_lived_token()
    {
        using var longLived = new CancellationTokenSource();
        var token = longLived.Token;
        Assert.Equal(0, Registrations.Count(longLived));
        var registration = token.Register(static () => { });
        Assert.Equal(1, Registrations.Count(longLived));
        registration.Dispose();
        Assert.Equal(0, Registrations.Count(longLived));

        var time = new RecordingTimeProvider();
        var retry = new RetryOptions { Backoff = Backoff.Constant(TimeSpan.FromMilliseconds(1)).MaxRetries(1), TimeProvider = time };
        var bucket = new TokenBucket(new TokenBucketOptions { TokensPerPeriod = 1, Period = TimeSpan.FromMilliseconds(1), Burst = 1, TimeProvider = time });
        var limited = Op.Succeed(1).WithRateLimiter(bucket, TimeSpan.FromMilliseconds(50));
        var issued = 0;
        long completed = 0;
        var clock = Stopwatch.StartNew();
        var peak = 0;
        var sampling = Task.Run(() =>
        {
            while (Volatile.Read(ref issued) < Waits && clock.Elapsed < TimeLimit)
            {
                peak = Math.Max(peak, Registrations.Count(longLived));
                Thread.Yield();
            }
        });

        await Task.WhenAll(Enumerable.Range(0, 32).Select(lane => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref issued) <= Waits && clock.Elapsed < TimeLimit)
            {
                var failed = false;
                var failsOnce = Op.Of<int>(_ =>
                {
                    var first = !failed;
                    failed = true;
                    return new(first ? Error.New(new IOException("once")) : 1);
                });
                var result = lane % 2 == 0 ? await failsOnce.WithRetry(retry)(token) : await limited(token);
                Assert.True(result.IsRight, result.ToString());
                Interlocked.Increment(ref completed);
            }
        })));

        await sampling;
        var elapsed = clock.Elapsed;
        var leftAtOnce = Registrations.Count(longLived);
        var settling = Stopwatch.StartNew();
        var cleared = Bounded.Until(() => Registrations.Count(longLived) == 0, TimeSpan.FromSeconds(2));
        var left = Registrations.Count(longLived);
        var reachable = time.Reachable();
        output.WriteLine($"{elapsed.TotalMilliseconds:F0} ms, 32 lanes: {completed} calls on one token, {time.Created} timers made; registrations on the token: about {peak} at most while running (read without the source's lock), {leftAtOnce} as the last call returned, {left} after {settling.Elapsed.TotalMilliseconds:F1} ms; timers still reachable after a full collection {reachable}");

        Assert.True(time.Created >= completed / 4, "the calls must have waited");
        Assert.True(cleared, $"{left} registrations left on the token 2 s after the last call returned");
        Assert.Equal(0, left);
    }
}
