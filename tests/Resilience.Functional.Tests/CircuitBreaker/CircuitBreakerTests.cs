using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Tests;

/// <summary>The thread-safe breaker and the <c>WithCircuitBreaker</c> combinator.</summary>
public class CircuitBreakerTests
{
    private static readonly Error Transient = new TimeoutError(TimeSpan.FromSeconds(1));

    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private CircuitBreaker Breaker(int failures = 2, int probes = 1) => new(new CircuitBreakerOptions
    {
        ConsecutiveFailures = failures,
        HalfOpenProbes = probes,
        BreakDuration = BreakDuration.Fixed(TimeSpan.FromSeconds(10)),
        ProbeTimeout = TimeSpan.FromSeconds(3),
        TimeProvider = time,
    });

    private static Either<Error, T> RunSync<T>(Func<CancellationToken, ValueTask<Either<Error, T>>> op, CancellationToken ct = default)
    {
        var pending = op(ct);
        Assert.True(pending.IsCompleted);
        return pending.Result;
    }

    private static void Trip(CircuitBreaker breaker, int failures = 2)
    {
        var failing = Op.Fail<int>(Transient).WithCircuitBreaker(breaker);
        for (var i = 0; i < failures; i++)
        {
            RunSync(failing);
        }

        Assert.Equal(CircuitState.Open, breaker.State);
    }

    [Fact]
    public void Success_passes_through_and_counts_nothing()
    {
        var breaker = Breaker();
        Assert.Equal(Right<Error, int>(42), RunSync(Op.Succeed(42).WithCircuitBreaker(breaker)));
        Assert.Equal(CircuitState.Closed, breaker.State);
    }

    [Fact]
    public void Open_rejects_without_running_and_says_when_the_next_probe_comes()
    {
        var breaker = Breaker();
        Trip(breaker);
        time.Advance(TimeSpan.FromSeconds(4));
        var runs = 0;
        var op = Op.FromFunc(_ => ++runs).WithCircuitBreaker(breaker);
        var error = RunSync(op).Match(_ => null!, e => e);
        Assert.Equal(new CircuitOpenError(TimeSpan.FromSeconds(6)), error);
        Assert.Equal(0, runs);
        Assert.Equal(TimeSpan.FromSeconds(6), breaker.TimeUntilHalfOpen);

        time.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(CircuitState.HalfOpen, breaker.State);
        Assert.Equal(Right<Error, int>(1), RunSync(op));
        Assert.Equal(CircuitState.Closed, breaker.State);
    }

    [Fact]
    public void Permanent_errors_are_ignored_and_transient_ones_and_exceptions_count()
    {
        var breaker = Breaker();
        var permanent = Op.Fail<int>(new HttpStatusError(404)).WithCircuitBreaker(breaker);
        for (var i = 0; i < 5; i++)
        {
            RunSync(permanent);
        }

        Assert.Equal(0, breaker.Snapshot.ConsecutiveFailures);
        RunSync(Op.FromFunc<int>(_ => throw new IOException("down")).WithCircuitBreaker(breaker));
        RunSync(Op.Fail<int>(new HttpStatusError(503)).WithCircuitBreaker(breaker));
        Assert.Equal(CircuitState.Open, breaker.State);
    }

    [Fact]
    public void The_callers_cancellation_never_counts()
    {
        var breaker = Breaker(failures: 1);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var runs = 0;
        var op = Op.FromFunc<int>(ct =>
        {
            runs++;
            throw new OperationCanceledException(ct);
        }).WithCircuitBreaker(breaker);
        Assert.Equal(Left<Error, int>(CancelledError.Instance), RunSync(op, cts.Token));
        Assert.Equal(0, runs);

        var cancelling = new CancellationTokenSource();
        var selfCancel = Op.FromFunc<int>(_ =>
        {
            cancelling.Cancel();
            throw new OperationCanceledException(cancelling.Token);
        }).WithCircuitBreaker(breaker);
        Assert.Equal(Left<Error, int>(CancelledError.Instance), RunSync(selfCancel, cancelling.Token));
        Assert.Equal(CircuitState.Closed, breaker.State);
    }

    [Fact]
    public async Task A_hung_probe_counts_as_failed_after_the_probe_timeout_and_its_late_result_changes_nothing()
    {
        var breaker = Breaker();
        Trip(breaker);
        time.Advance(TimeSpan.FromSeconds(10));
        var gate = new TaskCompletionSource<Either<Error, int>>();
        var probe = Op.Of<int>(_ => new ValueTask<Either<Error, int>>(gate.Task)).WithCircuitBreaker(breaker)(CancellationToken.None);
        Assert.Equal(CircuitState.HalfOpen, breaker.State);

        time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(CircuitState.Open, breaker.State);
        Assert.Equal(2, breaker.Snapshot.Openings);

        gate.SetResult(Right<Error, int>(7));
        Assert.Equal(Right<Error, int>(7), await probe);
        Assert.Equal(CircuitState.Open, breaker.State);
    }

    [Fact]
    public async Task A_probe_that_finishes_in_time_disarms_its_timeout()
    {
        // Two probes, so that the first one's success leaves the breaker half-open in the same generation: a watch
        // left armed would then fire on a live ticket and re-open it.
        var clock = new ObservedTimeProvider(time);
        var breaker = new CircuitBreaker(new CircuitBreakerOptions
        {
            ConsecutiveFailures = 2,
            HalfOpenProbes = 2,
            BreakDuration = BreakDuration.Fixed(TimeSpan.FromSeconds(10)),
            ProbeTimeout = TimeSpan.FromSeconds(3),
            TimeProvider = clock,
        });
        Trip(breaker);
        time.Advance(TimeSpan.FromSeconds(10));
        var gates = new Queue<TaskCompletionSource<Either<Error, int>>>();
        var op = Op.Of<int>(_ =>
        {
            var gate = new TaskCompletionSource<Either<Error, int>>(TaskCreationOptions.RunContinuationsAsynchronously);
            gates.Enqueue(gate);
            return new(gate.Task);
        }).WithCircuitBreaker(breaker);
        var first = op(CancellationToken.None);
        var events = new List<CircuitBreakerEvent>();
        breaker.Changed += (_, e) => events.Add(e);
        gates.Dequeue().SetResult(Right<Error, int>(7));
        Assert.Equal(Right<Error, int>(7), await first);
        Assert.Equal(0, clock.LiveTimers);
        time.Advance(TimeSpan.FromSeconds(1));
        var second = op(CancellationToken.None);
        var halfWay = breaker.Snapshot;
        time.Advance(TimeSpan.FromSeconds(2.5)); // past the first probe's timeout, before the second's

        Assert.Equal((CircuitState.HalfOpen, 2, 1), (halfWay.Circuit, halfWay.ProbesAdmitted, halfWay.ProbeSuccesses));
        Assert.Equal(halfWay, breaker.Snapshot);
        Assert.Empty(events);
        Assert.Equal(1, clock.LiveTimers);

        gates.Dequeue().SetResult(Right<Error, int>(8));
        Assert.Equal(Right<Error, int>(8), await second);
        Assert.Equal(CircuitState.Closed, breaker.State);
        Assert.Equal(0, clock.LiveTimers);
    }

    [Fact]
    public async Task A_probe_cancelled_by_its_caller_releases_its_permit()
    {
        var breaker = Breaker();
        Trip(breaker);
        time.Advance(TimeSpan.FromSeconds(10));
        using var cts = new CancellationTokenSource();
        var op = Op.FromTask<int>(async ct =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, time, ct);
            return 1;
        }).WithCircuitBreaker(breaker);
        var probe = op(cts.Token);
        Assert.True(RunSync(Op.Succeed(0).WithCircuitBreaker(breaker)).IsLeft);
        cts.Cancel();
        Assert.Equal(Left<Error, int>(CancelledError.Instance), await probe);
        Assert.Equal(CircuitState.HalfOpen, breaker.State);
        Assert.Equal(Right<Error, int>(0), RunSync(Op.Succeed(0).WithCircuitBreaker(breaker)));
        Assert.Equal(CircuitState.Closed, breaker.State);
    }

    [Fact]
    public async Task Slow_calls_are_measured_on_the_injected_clock()
    {
        var breaker = new CircuitBreaker(new CircuitBreakerOptions
        {
            ConsecutiveFailures = null,
            SlowCallRatio = 1,
            SlowCallDuration = TimeSpan.FromSeconds(2),
            MinimumThroughput = 2,
            TimeProvider = time,
        });
        var op = Op.FromTask<int>(async ct =>
        {
            await Task.Delay(TimeSpan.FromSeconds(2), time, ct);
            return 1;
        }).WithCircuitBreaker(breaker);
        for (var i = 0; i < 2; i++)
        {
            var call = op(CancellationToken.None);
            time.Advance(TimeSpan.FromSeconds(2));
            await call;
        }

        Assert.Equal(CircuitState.Open, breaker.State);
    }

    [Fact]
    public void One_breaker_guards_operations_of_different_types()
    {
        var breaker = Breaker();
        RunSync(Op.Fail<int>(Transient).WithCircuitBreaker(breaker));
        RunSync(Op.Fail<string>(Transient).WithCircuitBreaker(breaker));
        Assert.True(RunSync(Op.Succeed(true).WithCircuitBreaker(breaker)).IsLeft);
    }

    [Fact]
    public void Isolate_and_reset_by_hand()
    {
        var breaker = Breaker();
        breaker.Isolate();
        time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(CircuitState.Isolated, breaker.State);
        Assert.Equal(TimeSpan.MaxValue, breaker.TimeUntilHalfOpen);
        Assert.Equal(Left<Error, int>(new CircuitOpenError(TimeSpan.MaxValue)), RunSync(Op.Succeed(1).WithCircuitBreaker(breaker)));
        breaker.Reset();
        Assert.Equal(Right<Error, int>(1), RunSync(Op.Succeed(1).WithCircuitBreaker(breaker)));
    }

    [Fact]
    public void Events_report_transitions_and_rejections_and_a_throwing_listener_changes_no_outcome_and_hides_nothing()
    {
        var breaker = Breaker();
        var seen = new List<CircuitBreakerEvent>();
        breaker.Changed += (_, _) => throw new InvalidOperationException("listener bug");
        breaker.Changed += (_, e) => seen.Add(e);
        Trip(breaker);
        Assert.Equal(Left<Error, int>(new CircuitOpenError(TimeSpan.FromSeconds(10))), RunSync(Op.Succeed(1).WithCircuitBreaker(breaker)));
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(Right<Error, int>(1), RunSync(Op.Succeed(1).WithCircuitBreaker(breaker)));
        Assert.Equal(CircuitState.Closed, breaker.State);
        var now = time.GetUtcNow();
        Assert.Equal(
            new[]
            {
                new CircuitBreakerEvent(CircuitBreakerEventKind.Transitioned, CircuitState.Closed, CircuitState.Open, now.AddSeconds(-10), TimeSpan.FromSeconds(10)),
                new CircuitBreakerEvent(CircuitBreakerEventKind.Rejected, CircuitState.Open, CircuitState.Open, now.AddSeconds(-10), TimeSpan.FromSeconds(10)),
                new CircuitBreakerEvent(CircuitBreakerEventKind.Transitioned, CircuitState.Open, CircuitState.HalfOpen, now, TimeSpan.Zero),
                new CircuitBreakerEvent(CircuitBreakerEventKind.Transitioned, CircuitState.HalfOpen, CircuitState.Closed, now, TimeSpan.Zero),
            },
            seen);
    }

    [Fact]
    public void Closed_success_path_does_not_allocate()
    {
        var op = Op.Succeed(1).WithCircuitBreaker(Breaker());

        Assert.Equal(0, Allocations.LeastPerRound(() => _ = op(CancellationToken.None)));
    }
}
