using Resilience.Functional.CircuitBreaking;

namespace Resilience.Functional.Tests;

/// <summary>
/// A time-based window stepped by the machine with instants out of order (outcomes reported late, as by a caller that
/// paused): each counts in the bucket of its instant, or, when that bucket has already been reused, in the latest one.
/// </summary>
public class TimeOutcomeWindowTests
{
    // Ten buckets of one second; the ratio rule never trips here, so only the counts move.
    private static readonly CircuitBreakerOptions Options = new()
    {
        ConsecutiveFailures = null,
        FailureRatio = 1,
        MinimumThroughput = 100,
        Window = SlidingWindow.ByTime(TimeSpan.FromSeconds(10), 10),
    };

    private static BreakerMachineState Call(BreakerMachineState state, BreakerInputKind outcome, DateTimeOffset now)
    {
        var admitted = CircuitBreakerMachine.Step(state, BreakerInput.Requested, now);
        return CircuitBreakerMachine.Step(admitted.State, BreakerInput.Outcome(outcome, admitted.Decision.Ticket), now).State;
    }

    [Fact]
    public void An_outcome_a_whole_window_late_counts_in_the_latest_bucket_and_wipes_nothing()
    {
        var t0 = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var state = Call(BreakerMachineState.Initial(Options), BreakerInputKind.Succeeded, t0.AddSeconds(5));

        // Ten seconds earlier: the same slot, already holding the later bucket.
        state = Call(state, BreakerInputKind.Failed, t0.AddSeconds(-5));

        Assert.Equal(new BreakerWindowCounts(2, 1, 0), state.WindowCounts(t0.AddSeconds(5)));
        Assert.Equal(new BreakerWindowCounts(2, 1, 0), state.WindowCounts(t0.AddSeconds(14.9)));
        Assert.Equal(new BreakerWindowCounts(0, 0, 0), state.WindowCounts(t0.AddSeconds(15)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2026)]
    public void An_outcome_late_within_the_window_counts_in_its_own_bucket_and_leaves_the_window_with_it(int year)
    {
        var start = new DateTimeOffset(year, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var state = Call(BreakerMachineState.Initial(Options), BreakerInputKind.Succeeded, start.AddSeconds(0.2));
        state = Call(state, BreakerInputKind.Succeeded, start.AddSeconds(5));

        state = Call(state, BreakerInputKind.Failed, start.AddSeconds(0.5));

        Assert.Equal(new BreakerWindowCounts(3, 1, 0), state.WindowCounts(start.AddSeconds(9.9)));
        Assert.Equal(new BreakerWindowCounts(1, 0, 0), state.WindowCounts(start.AddSeconds(10)));
    }
}
