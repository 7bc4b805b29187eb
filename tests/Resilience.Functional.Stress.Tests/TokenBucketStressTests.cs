using System.Collections.Concurrent;
using System.Diagnostics;
using Xunit.Abstractions;

namespace Resilience.Functional.Stress.Tests;

// Rounding: the bucket counts time in whole 100 ns ticks and hands a waiting caller its token at a whole tick, so
// a window may hold one token beyond Burst + rate · w; the bound checked is that plus one.
public class TokenBucketStressTests(ITestOutputHelper output)
{
    private const int TokensPerPeriod = 20;
    private const int Burst = 10;
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(50);
    private static readonly double PerSecond = TokensPerPeriod / Period.TotalSeconds;
    private static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(1.5);

    private static double Seconds(long timestamp) => (double)timestamp / Stopwatch.Frequency;

    // On the system clock the bucket reads Environment.TickCount64, which lags the true time by less than its step g:
    // a window of true length w is at most w + g long to the bucket, so the bound is Burst + rate · (w + g) + 1.
    // Each admission's moment is bracketed by timestamps taken just before and just after the (synchronous) call.
    [Fact]
    public void Immediate_admissions_never_exceed_burst_plus_rate_times_window_on_the_system_clock()
    {
        var granularity = Granularity.OfTickCount();
        var bucket = new TokenBucket(new TokenBucketOptions { TokensPerPeriod = TokensPerPeriod, Period = Period, Burst = Burst });
        var operation = Op.Succeed(1).WithRateLimiter(bucket);
        var admissions = new ConcurrentQueue<(double, double)>();
        long attempts = 0, refused = 0;
        var clock = Stopwatch.StartNew();

        Bounded.OnThreads(8, thread =>
        {
            var random = new Random(thread);
            for (var i = 0; i < 2_000_000 && clock.Elapsed < TimeLimit; i++)
            {
                Interlocked.Increment(ref attempts);
                var low = Stopwatch.GetTimestamp();
                var result = operation(CancellationToken.None);
                var high = Stopwatch.GetTimestamp();
                Assert.True(result.IsCompletedSuccessfully);
                if (result.Result.IsRight)
                {
                    admissions.Enqueue((Seconds(low), Seconds(high)));
                }
                else
                {
                    Interlocked.Increment(ref refused);
                    Assert.IsType<RateLimitedError>((Error)result.Result);
                }

                if (random.Next(64) == 0)
                {
                    Thread.Yield();
                }
            }
        });

        var elapsed = clock.Elapsed;
        var worst = Windows.WorstExcess([.. admissions], PerSecond, granularity.TotalSeconds);
        output.WriteLine($"{elapsed.TotalMilliseconds:F0} ms, 8 threads: {attempts} attempts, {admissions.Count} admitted, {refused} refused; tick step {granularity.TotalMilliseconds} ms; worst window count - rate*(w+g) = {worst:F2} (bound {Burst} + 1)");

        Assert.True(admissions.Count > Burst + PerSecond * elapsed.TotalSeconds / 2, "the bucket must have admitted at about its rate");
        Assert.True(worst <= Burst + 1, $"a window held {worst:F2} tokens beyond rate * w");
    }

    // A waiting caller's token is due at the moment of its reservation plus its wait. The time provider is the real
    // clock with real timers, read through the high-resolution timestamp, and records on the calling thread when the
    // wait's timer was armed and for how long; so the due moment lies in [call start + wait, timer armed + wait],
    // without any timer-granularity allowance (the timer's own lateness does not move the due moment). Some callers
    // cancel while waiting; their tokens are refunded and they are not counted.
    [Fact]
    public void Waiting_admissions_never_exceed_burst_plus_rate_times_window_with_cancellations()
    {
        var time = new RecordingTimeProvider();
        var bucket = new TokenBucket(new TokenBucketOptions { TokensPerPeriod = TokensPerPeriod, Period = Period, Burst = Burst, TimeProvider = time });
        var ran = new ConcurrentQueue<(double Due, double Ran)>();
        var admissions = new ConcurrentQueue<(double, double)>();
        int waited = 0, cancelled = 0, refused = 0;
        var clock = Stopwatch.StartNew();

        Bounded.OnThreads(16, thread =>
        {
            var random = new Random(100 + thread);
            for (var i = 0; i < 5_000 && clock.Elapsed < TimeLimit; i++)
            {
                using var source = new CancellationTokenSource();
                if (random.Next(4) == 0)
                {
                    source.CancelAfter(random.Next(0, 30));
                }

                var admittedAt = 0L;
                var operation = Op.Of<int>(_ =>
                {
                    admittedAt = Stopwatch.GetTimestamp();
                    return new(1);
                }).WithRateLimiter(bucket, TimeSpan.FromMilliseconds(40));
                RecordingTimeProvider.Forget();
                var low = Stopwatch.GetTimestamp();
                var pending = operation(source.Token);
                var high = Stopwatch.GetTimestamp();
                var armed = RecordingTimeProvider.LastArmed;
                var result = pending.AsTask().GetAwaiter().GetResult();
                if (result.IsRight)
                {
                    var due = armed is { } a ? (Seconds(low) + a.Due.TotalSeconds, Seconds(a.At) + a.Due.TotalSeconds) : (Seconds(low), Seconds(high));
                    admissions.Enqueue(due);
                    ran.Enqueue((due.Item1, Seconds(admittedAt)));
                    if (armed is not null)
                    {
                        Interlocked.Increment(ref waited);
                    }
                }
                else if ((Error)result is RateLimitedError)
                {
                    Interlocked.Increment(ref refused);
                }
                else
                {
                    Assert.IsType<CancelledError>((Error)result);
                    Interlocked.Increment(ref cancelled);
                }
            }
        });

        var elapsed = clock.Elapsed;
        var worst = Windows.WorstExcess([.. admissions], PerSecond, 0);
        var lateness = ran.Max(r => r.Ran - r.Due);
        output.WriteLine($"{elapsed.TotalMilliseconds:F0} ms, 16 threads: {admissions.Count} admitted ({waited} after waiting), {cancelled} cancelled while waiting, {refused} refused; worst window count - rate*w = {worst:F2} (bound {Burst} + 1); latest run after its due moment {lateness * 1000:F1} ms");

        Assert.True(waited > Burst && cancelled > 0 && refused > 0, "the mix must include waits, cancellations and refusals");
        Assert.True(worst <= Burst + 1, $"a window held {worst:F2} tokens beyond rate * w");
    }
}
