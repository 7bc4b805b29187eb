using FsCheck.Xunit;
using Resilience.Functional.CircuitBreaking;

namespace Resilience.Functional.Tests;

/// <summary>The pure transition function, stepped by hand.</summary>
public class CircuitBreakerMachineTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static BreakerMachineState Initial(CircuitBreakerOptions? options = null) =>
        BreakerMachineState.Initial(options ?? new CircuitBreakerOptions { ConsecutiveFailures = 2, BreakDuration = BreakDuration.Fixed(TimeSpan.FromSeconds(10)) });

    private static (BreakerMachineState State, BreakerDecision Decision) Step(BreakerMachineState state, BreakerInput e, DateTimeOffset now)
    {
        var step = CircuitBreakerMachine.Step(state, e, now);
        return (step.State, step.Decision);
    }

    private static BreakerMachineState Call(BreakerMachineState state, BreakerInputKind outcome, DateTimeOffset now, bool slow = false)
    {
        var (admitted, decision) = Step(state, BreakerInput.Requested, now);
        Assert.Equal(BreakerVerdict.Admitted, decision.Verdict);
        return Step(admitted, BreakerInput.Outcome(outcome, decision.Ticket, slow), now).State;
    }

    [Fact]
    public void Closed_admits_and_a_success_with_nothing_to_reset_returns_the_same_state()
    {
        var state = Initial();
        var (next, decision) = Step(state, BreakerInput.Requested, T0);
        Assert.Same(state, next);
        Assert.Equal(BreakerDecision.Admit(state.Generation, probe: false), decision);
        Assert.Same(state, Step(state, BreakerInput.Outcome(BreakerInputKind.Succeeded, decision.Ticket), T0).State);
    }

    [Fact]
    public void Consecutive_failures_trip_and_a_success_in_between_starts_over()
    {
        var state = Call(Initial(), BreakerInputKind.Failed, T0);
        Assert.Equal(1, state.ConsecutiveFailures);
        state = Call(state, BreakerInputKind.Succeeded, T0);
        Assert.Equal(0, state.ConsecutiveFailures);
        state = Call(Call(state, BreakerInputKind.Failed, T0), BreakerInputKind.Failed, T0);
        Assert.Equal(CircuitState.Open, state.Circuit);
        Assert.Equal(T0.AddSeconds(10), state.OpenUntil);
        Assert.Equal(1, state.Openings);
    }

    [Theory]
    [InlineData(BreakerInputKind.Ignored)]
    [InlineData(BreakerInputKind.Cancelled)]
    [InlineData(BreakerInputKind.ProbeTimedOut)]
    public void Ignored_and_cancelled_outcomes_change_nothing_when_closed(BreakerInputKind signal)
    {
        var state = Call(Initial(), BreakerInputKind.Failed, T0);
        Assert.Same(state, Call(state, signal, T0));
    }

    [Fact]
    public void Stale_outcomes_from_an_earlier_generation_change_nothing()
    {
        var state = Initial();
        var (_, old) = Step(state, BreakerInput.Requested, T0);
        state = Step(state, BreakerInput.Reset, T0).State;
        var next = Step(state, BreakerInput.Outcome(BreakerInputKind.Failed, old.Ticket), T0).State;
        Assert.Same(state, next);
    }

    [Fact]
    public void Open_rejects_with_the_time_until_the_probe_then_admits_one_probe_after_the_break()
    {
        var open = Call(Call(Initial(), BreakerInputKind.Failed, T0), BreakerInputKind.Failed, T0);
        var (_, rejected) = Step(open, BreakerInput.Requested, T0.AddSeconds(4));
        Assert.Equal(BreakerDecision.Reject(TimeSpan.FromSeconds(6)), rejected);

        var (halfOpen, probe) = Step(open, BreakerInput.Requested, T0.AddSeconds(10));
        Assert.Equal(CircuitState.HalfOpen, halfOpen.Circuit);
        Assert.True(probe.IsProbe);
        var (_, second) = Step(halfOpen, BreakerInput.Requested, T0.AddSeconds(10));
        Assert.Equal(BreakerDecision.Reject(TimeSpan.Zero), second);

        var closed = Step(halfOpen, BreakerInput.Outcome(BreakerInputKind.Succeeded, probe.Ticket), T0.AddSeconds(11)).State;
        Assert.Equal(CircuitState.Closed, closed.Circuit);
        Assert.Equal(0, closed.Openings);
    }

    [Theory]
    [InlineData(BreakerInputKind.Failed)]
    [InlineData(BreakerInputKind.ProbeTimedOut)]
    public void A_failed_or_timed_out_probe_reopens_with_the_next_break_duration(BreakerInputKind outcome)
    {
        var options = new CircuitBreakerOptions
        {
            ConsecutiveFailures = 1,
            BreakDuration = BreakDuration.Exponential(TimeSpan.FromSeconds(1), 3, TimeSpan.FromSeconds(5)),
        };
        var state = Call(Initial(options), BreakerInputKind.Failed, T0);
        Assert.Equal(T0.AddSeconds(1), state.OpenUntil);
        var now = T0.AddSeconds(1);
        state = Call(state, outcome, now);
        Assert.Equal((CircuitState.Open, 2, now.AddSeconds(3)), (state.Circuit, state.Openings, state.OpenUntil));
        now = state.OpenUntil;
        state = Call(state, outcome, now);
        Assert.Equal((CircuitState.Open, 3, now.AddSeconds(5)), (state.Circuit, state.Openings, state.OpenUntil));
    }

    [Theory]
    [InlineData(BreakerInputKind.Cancelled)]
    [InlineData(BreakerInputKind.Ignored)]
    public void A_cancelled_or_ignored_probe_releases_its_permit_and_changes_nothing_else(BreakerInputKind outcome)
    {
        var options = new CircuitBreakerOptions { ConsecutiveFailures = 1, HalfOpenProbes = 2 };
        var open = Call(Initial(options), BreakerInputKind.Failed, T0);
        var now = open.OpenUntil;
        var (state, first) = Step(open, BreakerInput.Requested, now);
        (state, var second) = Step(state, BreakerInput.Requested, now);
        Assert.Equal(BreakerVerdict.Rejected, Step(state, BreakerInput.Requested, now).Decision.Verdict);

        state = Step(state, BreakerInput.Outcome(outcome, first.Ticket), now).State;
        Assert.Equal((CircuitState.HalfOpen, 1), (state.Circuit, state.ProbesAdmitted));
        (state, var third) = Step(state, BreakerInput.Requested, now);
        Assert.Equal(BreakerVerdict.Admitted, third.Verdict);

        state = Step(state, BreakerInput.Outcome(BreakerInputKind.Succeeded, second.Ticket), now).State;
        Assert.Equal(CircuitState.HalfOpen, state.Circuit);
        state = Step(state, BreakerInput.Outcome(BreakerInputKind.Succeeded, third.Ticket), now).State;
        Assert.Equal(CircuitState.Closed, state.Circuit);
    }

    [Fact]
    public void A_slow_probe_counts_as_failed_when_the_slow_call_rule_is_on()
    {
        var options = new CircuitBreakerOptions { ConsecutiveFailures = 1, SlowCallRatio = 1, MinimumThroughput = 1 };
        var open = Call(Initial(options), BreakerInputKind.Failed, T0);
        Assert.Equal(CircuitState.Open, Call(open, BreakerInputKind.Succeeded, open.OpenUntil, slow: true).Circuit);
        Assert.Equal(CircuitState.Closed, Call(open, BreakerInputKind.Succeeded, open.OpenUntil, slow: false).Circuit);
    }

    [Fact]
    public void Isolate_rejects_until_reset_whatever_the_clock()
    {
        var state = Step(Initial(), BreakerInput.Isolate, T0).State;
        Assert.Equal(CircuitState.Isolated, state.Circuit);
        Assert.Same(state, Step(state, BreakerInput.Isolate, T0).State);
        Assert.Equal(BreakerDecision.Reject(TimeSpan.MaxValue), Step(state, BreakerInput.Requested, T0.AddYears(1)).Decision);
        state = Step(state, BreakerInput.Reset, T0).State;
        Assert.Equal(CircuitState.Closed, state.Circuit);
    }

    [Fact]
    public void Failure_ratio_never_trips_below_the_minimum_throughput()
    {
        var options = new CircuitBreakerOptions { ConsecutiveFailures = null, FailureRatio = 0.5, Window = SlidingWindow.ByCount(4), MinimumThroughput = 3 };
        var state = Call(Call(Initial(options), BreakerInputKind.Failed, T0), BreakerInputKind.Failed, T0);
        Assert.Equal((CircuitState.Closed, new BreakerWindowCounts(2, 2, 0)), (state.Circuit, state.WindowCounts(T0)));
        Assert.Equal(CircuitState.Open, Call(state, BreakerInputKind.Succeeded, T0).Circuit);
    }

    [Fact]
    public void Count_window_forgets_the_oldest_call()
    {
        var options = new CircuitBreakerOptions { ConsecutiveFailures = null, FailureRatio = 0.75, Window = SlidingWindow.ByCount(3), MinimumThroughput = 3 };
        var state = Call(Initial(options), BreakerInputKind.Failed, T0);
        foreach (var _ in Enumerable.Range(0, 3))
        {
            state = Call(state, BreakerInputKind.Succeeded, T0);
        }

        Assert.Equal(new BreakerWindowCounts(3, 0, 0), state.WindowCounts(T0));
    }

    [Fact]
    public void Time_window_drops_whole_buckets_as_they_age_out()
    {
        var options = new CircuitBreakerOptions
        {
            ConsecutiveFailures = null,
            FailureRatio = 1,
            Window = SlidingWindow.ByTime(TimeSpan.FromSeconds(4), 4),
            MinimumThroughput = 3,
        };
        var state = Call(Call(Initial(options), BreakerInputKind.Failed, T0), BreakerInputKind.Failed, T0.AddSeconds(1));
        Assert.Equal(new BreakerWindowCounts(2, 2, 0), state.WindowCounts(T0.AddSeconds(3.9)));
        Assert.Equal(new BreakerWindowCounts(1, 1, 0), state.WindowCounts(T0.AddSeconds(4)));
        Assert.Equal(CircuitState.Closed, Call(state, BreakerInputKind.Failed, T0.AddSeconds(4)).Circuit);
        Assert.Equal(CircuitState.Open, Call(state, BreakerInputKind.Failed, T0.AddSeconds(3.5)).Circuit);
    }

    [Fact]
    public void Slow_call_ratio_trips_on_slow_successes()
    {
        var options = new CircuitBreakerOptions { ConsecutiveFailures = null, SlowCallRatio = 0.5, Window = SlidingWindow.ByCount(4), MinimumThroughput = 4 };
        var state = Initial(options);
        state = Call(Call(Call(state, BreakerInputKind.Succeeded, T0, slow: true), BreakerInputKind.Succeeded, T0), BreakerInputKind.Succeeded, T0);
        Assert.Equal(CircuitState.Closed, state.Circuit);
        Assert.Equal(CircuitState.Open, Call(state, BreakerInputKind.Succeeded, T0, slow: true).Circuit);
    }

    [Fact]
    public void Every_transition_gives_the_next_generation_and_admissions_carry_it_as_their_ticket()
    {
        var state = Initial();
        Assert.Equal(0, state.Generation);
        state = Call(Call(state, BreakerInputKind.Failed, T0), BreakerInputKind.Failed, T0);
        Assert.Equal((CircuitState.Open, 1L), (state.Circuit, state.Generation));

        var (halfOpen, probe) = Step(state, BreakerInput.Requested, state.OpenUntil);
        Assert.Equal((CircuitState.HalfOpen, 2L, 2L), (halfOpen.Circuit, halfOpen.Generation, probe.Ticket));
        var closed = Step(halfOpen, BreakerInput.Outcome(BreakerInputKind.Succeeded, probe.Ticket), state.OpenUntil).State;
        Assert.Equal((CircuitState.Closed, 3L), (closed.Circuit, closed.Generation));
        Assert.Equal(3, Step(closed, BreakerInput.Requested, state.OpenUntil).Decision.Ticket);
        Assert.Equal(4, Step(closed, BreakerInput.Isolate, state.OpenUntil).State.Generation);
    }

    [Fact]
    public void An_open_or_isolated_circuit_rejects_requests_as_no_probe_and_decides_nothing_on_a_late_outcome()
    {
        var (admitted, late) = Step(Call(Initial(), BreakerInputKind.Failed, T0), BreakerInput.Requested, T0);
        var open = Step(admitted, BreakerInput.Outcome(BreakerInputKind.Failed, late.Ticket), T0).State;
        var rejected = Step(open, BreakerInput.Requested, T0.AddSeconds(4)).Decision;
        Assert.Equal((BreakerVerdict.Rejected, false, 0L, TimeSpan.FromSeconds(6)), (rejected.Verdict, rejected.IsProbe, rejected.Ticket, rejected.RetryAfter));
        Assert.Equal(BreakerVerdict.None, Step(open, BreakerInput.Outcome(BreakerInputKind.Succeeded, late.Ticket), T0.AddSeconds(4)).Decision.Verdict);

        var isolated = Step(open, BreakerInput.Isolate, T0).State;
        var refused = Step(isolated, BreakerInput.Requested, T0).Decision;
        Assert.Equal((BreakerVerdict.Rejected, false, TimeSpan.MaxValue), (refused.Verdict, refused.IsProbe, refused.RetryAfter));
        Assert.Equal(BreakerVerdict.None, Step(isolated, BreakerInput.Outcome(BreakerInputKind.Failed, late.Ticket), T0).Decision.Verdict);
    }

    [Fact]
    public void Stepping_no_state_is_refused_naming_it() =>
        Assert.Equal("state", Assert.Throws<ArgumentNullException>(() => CircuitBreakerMachine.Step(null!, BreakerInput.Requested, T0)).ParamName);

    [Property(MaxTest = 200)]
    public void When_the_clock_is_not_read_any_instant_gives_the_same_step(bool fail, int seconds)
    {
        var state = Initial();
        var e = BreakerInput.Outcome(fail ? BreakerInputKind.Failed : BreakerInputKind.Succeeded, state.Generation);
        if (!state.ReadsClock(e.Signal))
        {
            Assert.Equal(CircuitBreakerMachine.Step(state, e, T0), CircuitBreakerMachine.Step(state, e, T0.AddSeconds(seconds)));
        }
        else
        {
            Assert.True(fail);
        }
    }

    [Property(MaxTest = 200)]
    public void With_a_window_closed_requests_and_uncounted_outcomes_do_not_read_the_clock(bool timeBased, byte failures, byte successes, int seconds)
    {
        var state = Initial(new CircuitBreakerOptions
        {
            ConsecutiveFailures = null,
            FailureRatio = 1,
            Window = timeBased ? SlidingWindow.ByTime(TimeSpan.FromSeconds(4), 4) : SlidingWindow.ByCount(300),
            MinimumThroughput = 1,
        });
        for (var i = 0; i < successes; i++)
        {
            state = Call(state, BreakerInputKind.Succeeded, T0);
        }

        for (var i = 0; i < failures % 3 && state.Circuit == CircuitState.Closed; i++)
        {
            state = Call(state, BreakerInputKind.Failed, T0);
        }

        foreach (var e in new[] { BreakerInput.Requested, BreakerInput.Outcome(BreakerInputKind.Ignored, state.Generation), BreakerInput.Outcome(BreakerInputKind.Cancelled, state.Generation) })
        {
            Assert.Equal(state.Circuit != CircuitState.Closed, state.ReadsClock(e.Signal));
            if (!state.ReadsClock(e.Signal))
            {
                var step = CircuitBreakerMachine.Step(state, e, T0);
                Assert.Same(state, step.State);
                Assert.Equal(step, CircuitBreakerMachine.Step(state, e, T0.AddSeconds(seconds)));
            }
        }

        Assert.True(state.ReadsClock(BreakerInputKind.Succeeded));
        Assert.True(state.ReadsClock(BreakerInputKind.Failed));
    }
}
