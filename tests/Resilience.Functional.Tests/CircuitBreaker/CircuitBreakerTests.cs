using Microsoft.Extensions.Time.Testing;
using Resilience.Functional.CircuitBreaking;

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
    public void Guarding_needs_an_operation_and_a_breaker()
    {
        Assert.Equal("operation", Assert.Throws<ArgumentNullException>(() => ((Func<CancellationToken, ValueTask<Either<Error, int>>>)null!).WithCircuitBreaker(Breaker())).ParamName);
        Assert.Equal("breaker", Assert.Throws<ArgumentNullException>(() => Op.Succeed(1).WithCircuitBreaker(null!)).ParamName);
    }

    [Fact]
    public void The_callers_cancellation_never_counts_even_with_a_classifier_that_counts_every_error()
    {
        var breaker = new CircuitBreaker(new CircuitBreakerOptions { ConsecutiveFailures = 1, Classifier = ErrorClassifier.Create(_ => true), TimeProvider = time });
        using var cancelling = new CancellationTokenSource();
        var selfCancel = Op.FromFunc<int>(_ =>
        {
            cancelling.Cancel();
            throw new OperationCanceledException(cancelling.Token);
        }).WithCircuitBreaker(breaker);

        Assert.Equal(Left<Error, int>(CancelledError.Instance), RunSync(selfCancel, cancelling.Token));
        Assert.Equal((CircuitState.Closed, 0), (breaker.State, breaker.Snapshot.ConsecutiveFailures));
    }

    [Fact]
    public void Isolating_or_resetting_by_hand_reports_the_transition_at_the_current_instant()
    {
        var breaker = Breaker();
        var seen = new List<CircuitBreakerEvent>();
        breaker.Changed += (_, e) => seen.Add(e);
        time.Advance(TimeSpan.FromMinutes(1));

        breaker.Isolate();
        breaker.Reset();

        var now = time.GetUtcNow();
        Assert.Equal(
            new[]
            {
                new CircuitBreakerEvent(CircuitBreakerEventKind.Transitioned, CircuitState.Closed, CircuitState.Isolated, now, TimeSpan.MaxValue),
                new CircuitBreakerEvent(CircuitBreakerEventKind.Transitioned, CircuitState.Isolated, CircuitState.Closed, now, TimeSpan.Zero),
            },
            seen);
    }

    [Fact]
    public void A_success_that_trips_a_ratio_rule_reports_the_transition()
    {
        var breaker = RatioBreaker(time);
        var seen = new List<CircuitBreakerEvent>();
        breaker.Changed += (_, e) => seen.Add(e);

        RecordRatioTrip(breaker);

        Assert.Equal(CircuitState.Open, breaker.State);
        Assert.Equal([new CircuitBreakerEvent(CircuitBreakerEventKind.Transitioned, CircuitState.Closed, CircuitState.Open, time.GetUtcNow(), TimeSpan.FromSeconds(10))], seen);
    }

    [Fact]
    public void A_reset_between_a_success_and_the_ratio_trip_it_causes_wins()
    {
        // The clock read just before the trip takes the lock stands for another thread resetting the breaker then.
        var clock = new ObservedTimeProvider(time);
        var breaker = RatioBreaker(clock);
        var succeeding = Op.Succeed(1).WithCircuitBreaker(breaker);
        RecordRatioTrip(breaker, last: () => clock.OnNextRead = breaker.Reset);

        Assert.Equal(CircuitState.Closed, breaker.State);
        Assert.Equal(default, breaker.WindowCounts);
        Assert.Equal(Right<Error, int>(1), RunSync(succeeding));
    }

    [Fact]
    public void A_failure_recorded_while_another_is_being_recorded_counts_and_the_trip_opens_for_the_whole_break()
    {
        // The first failure's clock read stands for another thread recording a failure at that moment: the first
        // failure's update then loses the race and is stepped again from the state with both.
        var clock = new ObservedTimeProvider(time);
        var breaker = new CircuitBreaker(new CircuitBreakerOptions
        {
            ConsecutiveFailures = 2,
            BreakDuration = BreakDuration.Fixed(TimeSpan.FromSeconds(10)),
            TimeProvider = clock,
        });
        var failing = Op.Fail<int>(Transient).WithCircuitBreaker(breaker);
        clock.OnNextRead = () => RunSync(failing);

        RunSync(failing);

        Assert.Equal((CircuitState.Open, 1), (breaker.State, breaker.Snapshot.Openings));
        Assert.Equal(TimeSpan.FromSeconds(10), breaker.TimeUntilHalfOpen);
    }

    [Fact]
    public void A_fast_probe_closes_a_breaker_with_a_slow_call_rule()
    {
        var breaker = new CircuitBreaker(new CircuitBreakerOptions
        {
            ConsecutiveFailures = 1,
            SlowCallRatio = 1,
            SlowCallDuration = TimeSpan.FromSeconds(2),
            MinimumThroughput = 1,
            BreakDuration = BreakDuration.Fixed(TimeSpan.FromSeconds(10)),
            TimeProvider = time,
        });
        Trip(breaker, failures: 1);
        time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(Right<Error, int>(1), RunSync(Op.Succeed(1).WithCircuitBreaker(breaker)));
        Assert.Equal(CircuitState.Closed, breaker.State);
    }

    [Fact]
    public async Task Fast_calls_are_not_slow_whether_they_complete_at_once_or_later()
    {
        var breaker = new CircuitBreaker(new CircuitBreakerOptions
        {
            ConsecutiveFailures = null,
            SlowCallRatio = 0.5,
            SlowCallDuration = TimeSpan.FromSeconds(2),
            MinimumThroughput = 2,
            TimeProvider = time,
        });
        var later = new TaskCompletionSource<Either<Error, int>>();
        var pending = Op.Of<int>(_ => new ValueTask<Either<Error, int>>(later.Task)).WithCircuitBreaker(breaker)(CancellationToken.None);
        later.SetResult(Right<Error, int>(1));
        await pending;
        RunSync(Op.Fail<int>(Transient).WithCircuitBreaker(breaker));

        Assert.Equal(new BreakerWindowCounts(2, 1, 0), breaker.WindowCounts);
        Assert.Equal(CircuitState.Closed, breaker.State);
    }

    [Fact]
    public async Task A_pending_call_does_not_resume_on_the_callers_synchronization_context()
    {
        var later = new TaskCompletionSource<Either<Error, int>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var guarded = Op.Of<int>(_ => new ValueTask<Either<Error, int>>(later.Task)).WithCircuitBreaker(Breaker());
        var context = new CountingSynchronizationContext();

        var run = context.Install(() => guarded(CancellationToken.None).AsTask());
        later.SetResult(Right<Error, int>(7));

        Assert.Equal(Right<Error, int>(7), await run.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, context.Posts);
    }

    [Fact]
    public async Task A_pending_probe_does_not_resume_on_the_callers_synchronization_context()
    {
        var breaker = Breaker();
        Trip(breaker);
        time.Advance(TimeSpan.FromSeconds(10));
        var later = new TaskCompletionSource<Either<Error, int>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var guarded = Op.Of<int>(_ => new ValueTask<Either<Error, int>>(later.Task)).WithCircuitBreaker(breaker);
        var context = new CountingSynchronizationContext();

        var run = context.Install(() => guarded(CancellationToken.None).AsTask());
        later.SetResult(Right<Error, int>(7));

        Assert.Equal(Right<Error, int>(7), await run.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, context.Posts);
        Assert.Equal(CircuitState.Closed, breaker.State);
    }

    /// <summary>Half the calls failed, at least four: the failure ratio trips.</summary>
    private static CircuitBreaker RatioBreaker(TimeProvider clock) => new(new CircuitBreakerOptions
    {
        ConsecutiveFailures = null,
        FailureRatio = 0.5,
        MinimumThroughput = 4,
        Window = SlidingWindow.ByCount(10),
        BreakDuration = BreakDuration.Fixed(TimeSpan.FromSeconds(10)),
        TimeProvider = clock,
    });

    /// <summary>Two failures, then two successes: the last success (recorded without the lock, nothing failing in a
    /// row) brings the window to the ratio. <paramref name="last"/> runs just before it.</summary>
    private static void RecordRatioTrip(CircuitBreaker breaker, Action? last = null)
    {
        var failing = Op.Fail<int>(Transient).WithCircuitBreaker(breaker);
        var succeeding = Op.Succeed(1).WithCircuitBreaker(breaker);
        RunSync(failing);
        RunSync(failing);
        RunSync(succeeding);
        Assert.Equal(CircuitState.Closed, breaker.State);
        last?.Invoke();
        RunSync(succeeding);
    }

    [Fact]
    public void Closed_success_path_does_not_allocate()
    {
        var op = Op.Succeed(1).WithCircuitBreaker(Breaker());

        Assert.Equal(0, Allocations.LeastPerRound(() => _ = op(CancellationToken.None)));
    }
}
