using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Tests;

/// <summary>
/// Calls whose caller's token cannot be cancelled share one token per slice of time (the system clock's mode, driven
/// here on a fake clock): none is cut off before its timeout has elapsed, none later than its timeout and a slice.
/// </summary>
public class SharedDeadlinesTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMilliseconds(80);
    private static readonly TimeSpan Slice = TimeSpan.FromMilliseconds(10);

    private static TimeoutRunner Shared(FakeTimeProvider time, TimeoutMode mode = TimeoutMode.Cooperative) =>
        new(new TimeoutOptions { Timeout = Limit, TimeProvider = time, Mode = mode }, new TelemetryRecorder("shared", null, time), sharesDeadlines: true);

    // The token the operation was given, and a task that ends (with a cancellation) when that token is cancelled.
    private static (CancellationToken Token, ValueTask<Either<Error, int>> Result) Hang(TimeoutRunner runner, CancellationToken caller = default)
    {
        var seen = CancellationToken.None;
        var result = runner.Execute(
            async ct =>
            {
                seen = ct;
                await Task.Delay(Timeout.Infinite, ct);
                return Either<Error, int>.Right(0);
            },
            caller);
        return (seen, result);
    }

    private static CancellationToken TokenOf(TimeoutRunner runner, CancellationToken caller = default)
    {
        var seen = CancellationToken.None;
        _ = runner.Execute(ct => { seen = ct; return Outcome.Success(1); }, caller);
        return seen;
    }

    [Fact]
    public void Calls_that_begin_within_a_slice_share_one_token_and_the_next_slice_has_another()
    {
        var time = new FakeTimeProvider();
        var runner = Shared(time);

        var first = TokenOf(runner);
        time.Advance(Slice - TimeSpan.FromTicks(1));
        var second = TokenOf(runner);
        time.Advance(TimeSpan.FromTicks(1));
        var third = TokenOf(runner);

        Assert.True(first.CanBeCanceled);
        Assert.Equal(first, second);
        Assert.NotEqual(first, third);
    }

    [Fact]
    public async Task A_call_that_begins_at_the_end_of_a_slice_still_has_its_whole_timeout()
    {
        var time = new FakeTimeProvider();
        var runner = Shared(time);
        _ = TokenOf(runner);
        time.Advance(Slice - TimeSpan.FromTicks(1));

        // The slice closes a tick later, and the call's timeout ends a tick before the token is cancelled.
        var (token, result) = Hang(runner);
        time.Advance(TimeSpan.FromTicks(1));
        time.Advance(Limit - TimeSpan.FromTicks(1));
        Assert.False(token.IsCancellationRequested);
        time.Advance(TimeSpan.FromTicks(1));

        Assert.True(token.IsCancellationRequested);
        Assert.IsType<TimeoutError>((Error)await result);
    }

    [Fact]
    public async Task A_call_that_begins_as_its_slice_opens_is_cut_off_within_its_timeout_and_a_slice()
    {
        var time = new FakeTimeProvider();
        var runner = Shared(time);

        // A fake clock runs a due timer at the time it is advanced to: steps no longer than the slice, like a real timer.
        var (token, result) = Hang(runner);
        time.Advance(Slice);
        time.Advance(Limit - TimeSpan.FromTicks(1));
        Assert.False(token.IsCancellationRequested);
        time.Advance(TimeSpan.FromTicks(1));

        Assert.True(token.IsCancellationRequested);
        Assert.IsType<TimeoutError>((Error)await result);
    }

    [Fact]
    public void The_deadline_seen_inside_a_shared_call_is_never_less_than_is_left()
    {
        var time = new FakeTimeProvider();
        var runner = Shared(time);
        var seen = new List<TimeSpan?>();
        var (token, _) = Hang(runner);

        seen.Add(Deadlines.Remaining(token));
        time.Advance(Slice);
        seen.Add(Deadlines.Remaining(token));
        time.Advance(TimeSpan.FromMilliseconds(30));
        seen.Add(Deadlines.Remaining(token));

        Assert.Equal(new TimeSpan?[] { Limit, Limit, Limit - TimeSpan.FromMilliseconds(30) }, seen);
    }

    [Fact]
    public async Task A_cancellable_caller_gets_a_token_of_its_own_and_its_cancellation_stays_a_cancellation()
    {
        var time = new FakeTimeProvider();
        var runner = Shared(time);
        var shared = TokenOf(runner);
        using var caller = new CancellationTokenSource();

        var (token, result) = Hang(runner, caller.Token);
        await caller.CancelAsync();

        Assert.NotEqual(shared, token);
        Assert.False(shared.IsCancellationRequested);
        Assert.IsType<CancelledError>((Error)await result);
    }

    [Fact]
    public void A_failure_of_its_own_in_a_shared_call_passes_through()
    {
        var runner = Shared(new FakeTimeProvider());
        var own = Error.New("own");

        var result = runner.Execute(_ => Outcome.Failure<int>(own), CancellationToken.None);

        Assert.Same(own, (Error)result.Result);
    }

    // A shared token keeps its deadline after the call (other calls may still run on it); a lease's ends with its call.
    [Fact]
    public void A_pessimistic_timeout_gives_each_call_a_lease_of_its_own()
    {
        var time = new FakeTimeProvider();

        Assert.NotNull(Deadlines.Remaining(TokenOf(Shared(time))));
        Assert.Null(Deadlines.Remaining(TokenOf(Shared(time, TimeoutMode.Pessimistic))));
    }

    [Fact]
    public void An_idle_timeout_opens_a_fresh_slice_once_its_last_has_been_cancelled()
    {
        var time = new FakeTimeProvider();
        var runner = Shared(time);
        var first = TokenOf(runner);
        time.Advance(Slice);
        time.Advance(Limit);

        var next = TokenOf(runner);

        Assert.True(first.IsCancellationRequested);
        Assert.False(next.IsCancellationRequested);
    }

    [Fact]
    public void On_the_system_clock_a_cooperative_timeout_shares_deadlines_and_on_any_other_clock_it_does_not()
    {
        var system = new TimeoutRunner(new TimeoutOptions { Timeout = Limit }, new TelemetryRecorder("s", null, TimeProvider.System));
        var time = new FakeTimeProvider();
        var fake = new TimeoutRunner(new TimeoutOptions { Timeout = Limit, TimeProvider = time }, new TelemetryRecorder("f", null, time));

        Assert.NotNull(Deadlines.Remaining(TokenOf(system)));
        Assert.Null(Deadlines.Remaining(TokenOf(fake)));
    }

    // A system timer can fire ahead of its due time; here the cancel's first tick comes at half its due time.
    [Fact]
    public void A_timer_tick_that_comes_early_does_not_cut_the_calls_off()
    {
        var fake = new FakeTimeProvider();
        var time = new EarlyOnce(fake, Limit);
        var runner = new TimeoutRunner(new TimeoutOptions { Timeout = Limit, TimeProvider = time }, new TelemetryRecorder("early", null, time), sharesDeadlines: true);
        var token = TokenOf(runner);
        fake.Advance(Slice);

        fake.Advance(Limit / 2);
        Assert.Equal(1, time.EarlyTicks);
        fake.Advance(Limit / 2 - TimeSpan.FromTicks(1));
        Assert.False(token.IsCancellationRequested);
        fake.Advance(TimeSpan.FromTicks(1));

        Assert.True(token.IsCancellationRequested);
    }

    // A clock on a fake whose first timer set to `early` fires at half of it, as a system timer may.
    private sealed class EarlyOnce(FakeTimeProvider fake, TimeSpan early) : TimeProvider
    {
        private int fired;

        private TimeSpan EarlyDue => early;

        public int EarlyTicks => Volatile.Read(ref fired);

        public override long TimestampFrequency => fake.TimestampFrequency;

        public override long GetTimestamp() => fake.GetTimestamp();

        public override DateTimeOffset GetUtcNow() => fake.GetUtcNow();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            new Early(this, fake.CreateTimer(callback, state, dueTime, period));

        private sealed class Early(EarlyOnce clock, ITimer inner) : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) =>
                inner.Change(dueTime == clock.EarlyDue && Interlocked.CompareExchange(ref clock.fired, 1, 0) == 0 ? dueTime / 2 : dueTime, period);

            public void Dispose() => inner.Dispose();

            public ValueTask DisposeAsync() => inner.DisposeAsync();
        }
    }
}
