using Microsoft.Extensions.Time.Testing;
using Resilience.Functional.CircuitBreaking;

namespace Resilience.Functional.Tests;

/// <summary>The closed success path allocates nothing for every trip rule, and the breaker's in-place window never
/// leaks into the immutable states it hands out.</summary>
public class CircuitBreakerAllocationTests
{
    private static readonly Error Transient = new TimeoutError(TimeSpan.FromSeconds(1));

    public static TheoryData<string> Rules() => new() { "consecutive", "ratio-count", "ratio-time", "slow-count", "slow-time", "combined-time" };

    private static CircuitBreakerOptions Options(string rule, TimeProvider time)
    {
        var byCount = SlidingWindow.ByCount(50);
        var byTime = SlidingWindow.ByTime(TimeSpan.FromSeconds(1), 10);
        return rule switch
        {
            "consecutive" => new() { TimeProvider = time },
            "ratio-count" => new() { ConsecutiveFailures = null, FailureRatio = 0.5, Window = byCount, TimeProvider = time },
            "ratio-time" => new() { ConsecutiveFailures = null, FailureRatio = 0.5, Window = byTime, TimeProvider = time },
            "slow-count" => new() { ConsecutiveFailures = null, SlowCallRatio = 0.5, Window = byCount, TimeProvider = time },
            "slow-time" => new() { ConsecutiveFailures = null, SlowCallRatio = 0.5, Window = byTime, TimeProvider = time },
            _ => new() { ConsecutiveFailures = 5, FailureRatio = 0.5, SlowCallRatio = 0.5, Window = byTime, TimeProvider = time },
        };
    }

    private static long LeastAllocatedPerRound(Action call) => Allocations.LeastPerRound(call, calls: 5000, rounds: 8);

    [Theory]
    [MemberData(nameof(Rules))]
    public void Closed_success_path_does_not_allocate(string rule)
    {
        // The system clock, so that a time-based window rolls its buckets while it is measured.
        var breaker = new CircuitBreaker(Options(rule, TimeProvider.System));
        var ok = Op.Succeed(1).WithCircuitBreaker(breaker);
        _ = Op.Fail<int>(Transient).WithCircuitBreaker(breaker)(CancellationToken.None);

        Assert.Equal(0, LeastAllocatedPerRound(() => _ = ok(CancellationToken.None)));
        Assert.Equal(CircuitState.Closed, breaker.State);
    }

    [Fact]
    public void A_time_window_rolls_its_buckets_without_allocating()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var breaker = new CircuitBreaker(Options("combined-time", time));
        var ok = Op.Succeed(1).WithCircuitBreaker(breaker);
        var calls = 0;
        var allocated = LeastAllocatedPerRound(() =>
        {
            _ = ok(CancellationToken.None);
            if (++calls % 10 == 0)
            {
                time.Advance(TimeSpan.FromMilliseconds(7));
            }
        });

        Assert.InRange(breaker.WindowCounts.Calls, 1, 1500); // 10 calls per 7 ms, only the last second kept
        Assert.Equal(0, allocated);
    }

    private static Either<Error, int> keptResult;

    [Fact]
    public void An_open_circuit_rejects_allocating_only_its_error_and_words_the_message_when_read()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var breaker = new CircuitBreaker(new CircuitBreakerOptions { ConsecutiveFailures = 1, BreakDuration = BreakDuration.Fixed(TimeSpan.FromSeconds(30)), TimeProvider = time });
        _ = Op.Fail<int>(Transient).WithCircuitBreaker(breaker)(CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(1));
        var rejected = Op.Succeed(1).WithCircuitBreaker(breaker);

        // One small object per rejection (the record's fields: 56 B on .NET 10), not also its message (over 100 B more).
        var perCall = LeastAllocatedPerRound(() => keptResult = rejected(CancellationToken.None).Result) / 5000;

        Assert.InRange(perCall, 1, 64);
        var error = Assert.IsType<CircuitOpenError>(rejected(CancellationToken.None).Result.LeftToSeq().Single());
        Assert.Equal("The circuit is open; the next probe is admitted in 00:00:29.", error.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_snapshot_does_not_change_when_the_breaker_records_more(bool timeBased)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var breaker = new CircuitBreaker(Options(timeBased ? "ratio-time" : "ratio-count", time));
        var ok = Op.Succeed(1).WithCircuitBreaker(breaker);
        _ = ok(CancellationToken.None);
        var snapshot = breaker.Snapshot;
        _ = ok(CancellationToken.None);
        _ = Op.Fail<int>(Transient).WithCircuitBreaker(breaker)(CancellationToken.None);

        Assert.Equal(new BreakerWindowCounts(1, 0, 0), snapshot.WindowCounts(time.GetUtcNow()));
        Assert.Equal(new BreakerWindowCounts(3, 1, 0), breaker.WindowCounts);
    }

    [Fact]
    public void Step_records_into_a_copy_and_leaves_its_input_unchanged()
    {
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var state = BreakerMachineState.Initial(Options("ratio-count", TimeProvider.System));
        var admitted = CircuitBreakerMachine.Step(state, BreakerInput.Requested, now).Decision;
        var next = CircuitBreakerMachine.Step(state, BreakerInput.Outcome(BreakerInputKind.Succeeded, admitted.Ticket), now).State;

        Assert.NotSame(state, next);
        Assert.Equal(default, state.WindowCounts(now));
        Assert.Equal(new BreakerWindowCounts(1, 0, 0), next.WindowCounts(now));
    }
}
