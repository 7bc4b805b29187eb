using Resilience.Functional.Stress.Tests;
using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Tests;

/// <summary>The half-open probe's watch: its permit is returned on every path, and only the probe's own outcome or
/// its timeout reaches the breaker.</summary>
public class CircuitBreakerProbeTests
{
    private static readonly Error Transient = new TimeoutError(TimeSpan.FromSeconds(1));
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(3);

    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private CircuitBreaker HalfOpenBreaker(TimeProvider clock)
    {
        var breaker = new CircuitBreaker(new CircuitBreakerOptions
        {
            ConsecutiveFailures = 1,
            BreakDuration = BreakDuration.Fixed(TimeSpan.FromSeconds(10)),
            ProbeTimeout = ProbeTimeout,
            TimeProvider = clock,
        });
        _ = Op.Fail<int>(Transient).WithCircuitBreaker(breaker)(CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(CircuitState.HalfOpen, breaker.State);
        return breaker;
    }

    // A caller's token can live for the whole process (a host's stopping token): a probe that follows it must not stay
    // registered on it, holding the watch and its breaker, after the probe has ended.
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_finished_probe_leaves_no_registration_on_the_callers_token(bool completesAtOnce)
    {
        using var caller = new CancellationTokenSource();
        var breaker = HalfOpenBreaker(time);
        var gate = new TaskCompletionSource<Either<Error, int>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var probe = Op.Of<int>(_ => completesAtOnce ? new(4) : new(gate.Task)).WithCircuitBreaker(breaker);

        var run = probe(caller.Token);
        gate.SetResult(Right<Error, int>(4));

        Assert.Equal(Right<Error, int>(4), await run);
        Assert.Equal(CircuitState.Closed, breaker.State);
        Assert.Equal(0, Registrations.Count(caller));
    }

    [Fact]
    public async Task A_probe_whose_watch_cannot_be_armed_returns_the_error_and_gives_its_permit_back()
    {
        var clock = new ObservedTimeProvider(time);
        var breaker = HalfOpenBreaker(clock);
        var runs = 0;
        var gate = new TaskCompletionSource<Either<Error, int>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var probe = Op.Of<int>(_ =>
        {
            runs++;
            return new(gate.Task);
        }).WithCircuitBreaker(breaker);

        clock.RefuseNextTimer = true;
        var refused = await probe(CancellationToken.None);

        Assert.True(refused.LeftToSeq().Single().Is<ArgumentOutOfRangeException>());
        Assert.Equal(0, runs);
        Assert.Equal((CircuitState.HalfOpen, 0, 1), (breaker.Snapshot.Circuit, breaker.Snapshot.ProbesAdmitted, breaker.Snapshot.Openings));
        Assert.Equal(0, clock.LiveTimers);

        var next = probe(CancellationToken.None);
        gate.SetResult(Right<Error, int>(4));
        Assert.Equal(Right<Error, int>(4), await next);
        Assert.Equal(CircuitState.Closed, breaker.State);
    }

    [Fact]
    public async Task A_probe_cancelled_by_its_caller_changes_nothing_even_if_the_operation_ignores_its_token()
    {
        var clock = new ObservedTimeProvider(time);
        var breaker = HalfOpenBreaker(clock);
        var events = new List<CircuitBreakerEvent>();
        breaker.Changed += (_, _) => throw new InvalidOperationException("listener bug");
        breaker.Changed += (_, e) => events.Add(e);
        var gate = new TaskCompletionSource<Either<Error, int>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var ignoresItsToken = Op.Of<int>(_ => new(gate.Task)).WithCircuitBreaker(breaker);
        using var caller = new CancellationTokenSource();
        var probe = ignoresItsToken(caller.Token);
        var before = breaker.Snapshot;
        var seen = events.Count;

        caller.Cancel();

        // The permit is back at once, and neither the probe timeout nor the late failure counts.
        Assert.Equal((CircuitState.HalfOpen, 0), (breaker.Snapshot.Circuit, breaker.Snapshot.ProbesAdmitted));
        time.Advance(ProbeTimeout * 2);
        gate.SetResult(Left<Error, int>(Transient));
        Assert.Equal(Left<Error, int>(Transient), await probe);
        Assert.Equal(before with { ProbesAdmitted = 0 }, breaker.Snapshot);
        Assert.Equal(seen, events.Count);
        Assert.Equal(0, clock.LiveTimers);

        Assert.Equal(Right<Error, int>(1), await Op.Succeed(1).WithCircuitBreaker(breaker)(CancellationToken.None));
        Assert.Equal(CircuitState.Closed, breaker.State);
    }

    [Fact]
    public async Task A_probe_cancelled_by_its_caller_before_its_timeout_fires_changes_nothing_when_the_operation_then_fails()
    {
        var breaker = HalfOpenBreaker(time);
        var gate = new TaskCompletionSource<Either<Error, int>>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var caller = new CancellationTokenSource();
        var probe = Op.Of<int>(_ => new(gate.Task)).WithCircuitBreaker(breaker)(caller.Token);

        time.Advance(ProbeTimeout - TimeSpan.FromTicks(1));
        caller.Cancel();
        gate.SetResult(Left<Error, int>(Transient));
        await probe;
        time.Advance(ProbeTimeout);

        Assert.Equal((CircuitState.HalfOpen, 0, 1), (breaker.Snapshot.Circuit, breaker.Snapshot.ProbesAdmitted, breaker.Snapshot.Openings));
    }

    [Fact]
    public async Task A_probe_that_times_out_before_its_caller_cancels_still_counts_as_failed()
    {
        var breaker = HalfOpenBreaker(time);
        var gate = new TaskCompletionSource<Either<Error, int>>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var caller = new CancellationTokenSource();
        var probe = Op.Of<int>(_ => new(gate.Task)).WithCircuitBreaker(breaker)(caller.Token);

        time.Advance(ProbeTimeout);
        caller.Cancel();
        gate.SetResult(Right<Error, int>(1));
        await probe;

        Assert.Equal((CircuitState.Open, 2), (breaker.Snapshot.Circuit, breaker.Snapshot.Openings));
    }
}
