using Microsoft.Extensions.Time.Testing;
using Resilience.Functional.CircuitBreaking;

namespace Resilience.Functional.Tests;

/// <summary>
/// The ratio breaker's closed path records a success without its lock and checks the rule on the counts right after
/// (docs/circuit-breaker.md#under-concurrency): a success can still trip it, and outcomes from many threads all count.
/// </summary>
public class CircuitBreakerClosedPathTests
{
    private static readonly Error Transient = new TimeoutError(TimeSpan.FromSeconds(1));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_success_that_brings_the_window_to_its_minimum_throughput_trips_the_ratio_rule_and_reports_it(bool timeBased)
    {
        var time = new FakeTimeProvider();
        var breaker = new CircuitBreaker(new CircuitBreakerOptions
        {
            ConsecutiveFailures = null,
            FailureRatio = 0.5,
            MinimumThroughput = 4,
            Window = timeBased ? SlidingWindow.ByTime(TimeSpan.FromSeconds(10), 10) : SlidingWindow.ByCount(10),
            TimeProvider = time,
        });
        var events = new List<CircuitBreakerEvent>();
        breaker.Changed += (_, e) => events.Add(e);
        var fail = Op.Fail<int>(Transient).WithCircuitBreaker(breaker);
        var succeed = Op.Succeed(1).WithCircuitBreaker(breaker);

        _ = fail(CancellationToken.None);
        _ = succeed(CancellationToken.None);
        _ = fail(CancellationToken.None);
        Assert.Equal(CircuitState.Closed, breaker.State);
        Assert.Empty(events);

        Assert.True(succeed(CancellationToken.None).Result.IsRight);

        Assert.Equal(CircuitState.Open, breaker.State);
        var opened = Assert.Single(events);
        Assert.Equal((CircuitBreakerEventKind.Transitioned, CircuitState.Closed, CircuitState.Open), (opened.Kind, opened.From, opened.To));
        Assert.IsType<CircuitOpenError>((Error)succeed(CancellationToken.None).Result);
    }

    [Theory(Timeout = 30_000)]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Successes_from_many_threads_all_count_and_a_later_failure_burst_still_opens_the_circuit(bool timeBased)
    {
        var time = new FakeTimeProvider();
        var breaker = new CircuitBreaker(new CircuitBreakerOptions
        {
            ConsecutiveFailures = null,
            FailureRatio = 0.1,
            MinimumThroughput = 100,
            Window = timeBased ? SlidingWindow.ByTime(TimeSpan.FromSeconds(30), 10) : SlidingWindow.ByCount(1000),
            TimeProvider = time,
        });
        var succeed = Op.Succeed(1).WithCircuitBreaker(breaker);
        using var start = new Barrier(4);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                for (var i = 0; i < 250; i++)
                {
                    Assert.True(succeed(CancellationToken.None).Result.IsRight);
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)));

        Assert.Equal(new BreakerWindowCounts(1000, 0, 0), breaker.WindowCounts);
        var fail = Op.Fail<int>(Transient).WithCircuitBreaker(breaker);
        // The failure ratio reaches 0.1 by the 100th failure (count window) or the 112th (time window).
        for (var i = 0; i < 200 && breaker.State == CircuitState.Closed; i++)
        {
            _ = fail(CancellationToken.None);
        }

        Assert.Equal(CircuitState.Open, breaker.State);
    }
}
