using System.Diagnostics;
using System.Runtime.CompilerServices;
using Xunit.Abstractions;

namespace Resilience.Functional.Stress.Tests;

public class WaitsStressTests(ITestOutputHelper output)
{
    private const int Waits = 20_000;
    private static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(10);

    // A wait registers on the caller's token and holds its timer; a registration left on the token would keep the
    // wait, and so its timer, reachable from the token for as long as the token lives. Every timer is tracked by a
    // weak reference: after many short waits (retry delays and rate-limiter waits) on one long-lived token, none may
    // still be reachable. The detector is checked first on a registration made and kept on purpose.
    [Fact]
    public async Task Many_short_waits_leave_no_registration_on_a_long_lived_token()
    {
        using var longLived = new CancellationTokenSource();
        var token = longLived.Token;
        var kept = KeepOne(token, out var registration);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.True(kept.IsAlive, "a registration kept on the token must keep its state reachable");
        registration.Dispose();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.False(kept.IsAlive, "a disposed registration must release its state");

        var time = new RecordingTimeProvider();
        var retry = new RetryOptions { Backoff = Backoff.Constant(TimeSpan.FromMilliseconds(1)).MaxRetries(1), TimeProvider = time };
        var bucket = new TokenBucket(new TokenBucketOptions { TokensPerPeriod = 1, Period = TimeSpan.FromMilliseconds(1), Burst = 1, TimeProvider = time });
        var limited = Op.Succeed(1).WithRateLimiter(bucket, TimeSpan.FromMilliseconds(50));
        var issued = 0;
        long completed = 0;
        var clock = Stopwatch.StartNew();

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

        var elapsed = clock.Elapsed;
        var reachable = time.Reachable();
        GC.KeepAlive(longLived);
        output.WriteLine($"{elapsed.TotalMilliseconds:F0} ms, 32 lanes: {completed} calls on one token, {time.Created} timers made, {reachable} still reachable after a full collection");

        Assert.True(time.Created >= completed / 4, "the calls must have waited");
        Assert.Equal(0, reachable);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference KeepOne(CancellationToken token, out CancellationTokenRegistration registration)
    {
        var state = new object();
        registration = token.Register(static _ => { }, state);
        return new WeakReference(state);
    }
}
