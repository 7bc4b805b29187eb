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

    private static TimeoutRunner Shared(FakeTimeProvider time, TimeoutMode mode = TimeoutMode.Cooperative) => Shared(time, Limit, mode);

    private static TimeoutRunner Shared(FakeTimeProvider time, TimeSpan limit, TimeoutMode mode = TimeoutMode.Cooperative) =>
        new(new TimeoutOptions { Timeout = limit, TimeProvider = time, Mode = mode }, new TelemetryRecorder("shared", null, time), sharesDeadlines: true);

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

    // A timeout inside a timeout: the inner one's caller token is the outer one's shared token.
    [Fact]
    public void Nested_calls_under_one_outer_token_share_one_inner_token_of_the_inner_timeout()
    {
        var time = new FakeTimeProvider();
        var outer = Shared(time);
        var inner = Shared(time, Limit / 2);
        var caller = TokenOf(outer);

        var first = TokenOf(inner, caller);
        time.Advance(TimeSpan.FromMilliseconds(4));
        var second = TokenOf(inner, caller);

        Assert.NotEqual(caller, first);
        Assert.Equal(first, second);
        Assert.Same(Deadlines.EpochOf(caller), Deadlines.EpochOf(first)!.Parent);
    }

    [Fact]
    public async Task A_nested_call_is_cut_off_by_its_own_timeout_with_the_inner_timeouts_error()
    {
        var time = new FakeTimeProvider();
        var outer = Shared(time);
        var inner = Shared(time, Limit / 2);
        var innerSlice = TimeSpan.FromMilliseconds(5);

        var (token, result) = Hang(inner, TokenOf(outer));
        time.Advance(innerSlice);
        time.Advance(Limit / 2 - TimeSpan.FromTicks(1));
        Assert.False(token.IsCancellationRequested);
        time.Advance(TimeSpan.FromTicks(1));

        Assert.True(token.IsCancellationRequested);
        Assert.Equal(Limit / 2, Assert.IsType<TimeoutError>((Error)await result).Timeout);
    }

    [Fact]
    public async Task An_outer_timeout_that_ends_first_cancels_its_nested_calls_and_reports_its_own_timeout()
    {
        var time = new FakeTimeProvider();
        var outer = Shared(time);
        var inner = Shared(time, Limit * 4);
        var seen = CancellationToken.None;

        var result = outer.Execute(ct => inner.Execute(async t => { seen = t; await Task.Delay(Timeout.Infinite, t); return Either<Error, int>.Right(0); }, ct), CancellationToken.None);
        time.Advance(Slice);
        time.Advance(Limit - TimeSpan.FromTicks(1));
        Assert.False(seen.IsCancellationRequested);
        time.Advance(TimeSpan.FromTicks(1));

        Assert.True(seen.IsCancellationRequested);
        Assert.Equal(Limit, Assert.IsType<TimeoutError>((Error)await result).Timeout);
    }

    [Fact]
    public async Task A_nested_call_under_an_outer_token_already_cancelled_is_cancelled_without_running()
    {
        var time = new FakeTimeProvider();
        var outer = Shared(time);
        var inner = Shared(time, Limit / 2);
        var caller = TokenOf(outer);
        time.Advance(Slice);
        time.Advance(Limit);
        var runs = 0;

        var result = await inner.Execute(_ => { runs++; return Outcome.Success(1); }, caller);

        Assert.True(caller.IsCancellationRequested);
        Assert.Equal(0, runs);
        Assert.IsType<CancelledError>((Error)result);
    }

    [Fact]
    public void The_deadline_seen_inside_a_nested_call_is_the_nearer_of_the_two()
    {
        var time = new FakeTimeProvider();
        var outer = Shared(time);
        var caller = TokenOf(outer);
        time.Advance(Slice);
        time.Advance(TimeSpan.FromMilliseconds(30));

        var underLonger = TokenOf(Shared(time, Limit * 4), caller);
        var underShorter = TokenOf(Shared(time, TimeSpan.FromMilliseconds(20)), caller);

        Assert.Equal(Limit - TimeSpan.FromMilliseconds(30), Deadlines.Remaining(underLonger));
        Assert.Equal(TimeSpan.FromMilliseconds(20), Deadlines.Remaining(underShorter));
    }

    // An outer call begun before its slice closed can still make nested calls after the next slice has opened.
    [Fact]
    public void A_nested_call_of_a_closed_outer_slice_takes_a_lease_and_leaves_the_current_outer_slices_inner_token_open()
    {
        var time = new FakeTimeProvider();
        var outer = Shared(time);
        var inner = Shared(time, Limit / 2);
        var old = TokenOf(outer);
        time.Advance(Slice);
        var current = TokenOf(outer);

        var first = TokenOf(inner, current);
        var late = TokenOf(inner, old);
        var second = TokenOf(inner, current);

        Assert.NotEqual(old, current);
        Assert.Null(Deadlines.EpochOf(late));
        Assert.NotEqual(first, late);
        Assert.Equal(first, second);
    }

    [Fact]
    public void The_inner_token_of_a_closed_outer_slice_gives_way_to_the_next_outer_slices()
    {
        var time = new FakeTimeProvider();
        var outer = Shared(time, Limit * 4);
        var inner = Shared(time, Limit);
        var old = TokenOf(outer);
        var underOld = TokenOf(inner, old);
        time.Advance(Slice * 4);
        var current = TokenOf(outer);

        var underCurrent = TokenOf(inner, current);

        Assert.NotEqual(underOld, underCurrent);
        Assert.Same(Deadlines.EpochOf(current), Deadlines.EpochOf(underCurrent)!.Parent);
        Assert.Equal(underCurrent, TokenOf(inner, current));
    }

    [Fact]
    public void A_caller_token_of_its_own_is_not_taken_for_an_outer_slice()
    {
        var time = new FakeTimeProvider();
        var inner = Shared(time);
        using var caller = new CancellationTokenSource();

        Assert.Null(Deadlines.EpochOf(TokenOf(inner, caller.Token)));
        Assert.Null(Deadlines.EpochOf(caller.Token));
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
