using Resilience.Functional.Stress.Tests;
using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Tests;

/// <summary>What a caller of a bulkhead relies on beyond admission itself: argument checks, the error's text, the
/// limit moving under waiting callers, and nothing left behind or resumed on the caller's context.</summary>
public class BulkheadContractTests
{
    private static Bulkhead Create(int max, int queue, TimeProvider? time = null, TimeSpan? wait = null) =>
        new(new BulkheadOptions
        {
            MaxConcurrency = max,
            MaxQueueLength = queue,
            TimeProvider = time ?? new FakeTimeProvider(),
            MaxQueueWait = wait is { } w ? Some(w) : None,
        });

    private static Func<CancellationToken, ValueTask<Either<Error, int>>> Until(TaskCompletionSource<Either<Error, int>> source) =>
        _ => new(source.Task);

    private static TaskCompletionSource<Either<Error, int>> Later() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static void WaitUntil(Func<bool> condition) =>
        Assert.True(SpinWait.SpinUntil(condition, TimeSpan.FromSeconds(10)), "condition not reached (safety net)");

    [Fact]
    public void Null_arguments_are_rejected_with_their_names()
    {
        var bulkhead = Create(1, 0);

        Assert.Throws<ArgumentNullException>("operation", () => ((Func<CancellationToken, ValueTask<Either<Error, int>>>)null!).WithBulkhead(bulkhead));
        Assert.Throws<ArgumentNullException>("bulkhead", () => Op.Succeed(1).WithBulkhead(null!));
    }

    [Fact]
    public void The_full_error_says_how_many_run_and_how_many_wait()
    {
        var full = Create(2, 3).FullError;

        Assert.Equal("The bulkhead is full (2 running, 3 queued).", full.Message);
        Assert.Equal((2, 3), (full.MaxConcurrency, full.MaxQueue));
    }

    [Fact]
    public async Task Raising_the_limit_lets_waiting_callers_in_at_once()
    {
        var bulkhead = Create(1, 2);
        var (first, second, third) = (Later(), Later(), Later());
        var running = Until(first).WithBulkhead(bulkhead)(CancellationToken.None);
        var waiting = new[] { Until(second).WithBulkhead(bulkhead)(CancellationToken.None), Until(third).WithBulkhead(bulkhead)(CancellationToken.None) };
        Assert.Equal((1, 2), (bulkhead.InUse, bulkhead.Queued));

        bulkhead.Resize(3);

        Assert.Equal((3, 0, 0), (bulkhead.InUse, bulkhead.Queued, bulkhead.Available));
        first.SetResult(1);
        second.SetResult(2);
        third.SetResult(3);
        Assert.Equal(Right<Error, int>(1), await running);
        Assert.Equal(Right<Error, int>(2), await waiting[0]);
        Assert.Equal(Right<Error, int>(3), await waiting[1]);
        Assert.Equal(0, bulkhead.InUse);
    }

    [Fact]
    public async Task A_waiter_let_in_leaves_no_timer_on_the_bulkheads_clock()
    {
        var clock = new CountingClock();
        var bulkhead = Create(1, 1, clock, TimeSpan.FromSeconds(10));
        var (first, second) = (Later(), Later());
        var running = Until(first).WithBulkhead(bulkhead)(CancellationToken.None);
        var waiting = Until(second).WithBulkhead(bulkhead)(CancellationToken.None);
        Assert.Equal((1, 1), (clock.Created, clock.Live));

        first.SetResult(1);
        await running;
        second.SetResult(2);

        Assert.Equal(Right<Error, int>(2), await waiting);
        Assert.Equal(0, clock.Live);
    }

    [Fact]
    public async Task A_finished_wait_leaves_no_registration_on_the_callers_token()
    {
        using var caller = new CancellationTokenSource();
        var bulkhead = Create(1, 1);
        var first = Later();
        var running = Until(first).WithBulkhead(bulkhead)(CancellationToken.None);
        var waiting = Op.Succeed(2).WithBulkhead(bulkhead)(caller.Token);

        first.SetResult(1);
        await running;

        Assert.Equal(Right<Error, int>(2), await waiting);
        Assert.Equal(0, Registrations.Count(caller));
    }

    [Fact]
    public async Task Neither_a_running_call_nor_a_queued_caller_resumes_on_the_callers_synchronization_context()
    {
        var bulkhead = Create(1, 1);
        var (first, second) = (Later(), Later());
        var context = new CountingSynchronizationContext();
        var (running, waiting) = context.Install(() =>
            (Until(first).WithBulkhead(bulkhead)(CancellationToken.None), Until(second).WithBulkhead(bulkhead)(CancellationToken.None)));

        first.SetResult(1);
        Assert.Equal(Right<Error, int>(1), await running);
        WaitUntil(() => bulkhead.Queued == 0);
        second.SetResult(2);
        Assert.Equal(Right<Error, int>(2), await waiting);

        Assert.Equal(0, context.Posts);
    }

    [Fact]
    public async Task A_call_let_in_while_it_starts_waiting_does_not_resume_on_the_callers_synchronization_context()
    {
        // The running call ends inline while the queued caller arms its wait (the bulkhead's clock is user code), so
        // the queued caller finds its slot granted and runs its call on its own thread, under its own context. It ends
        // as on another thread, with no context: under the caller's, the runtime would not run the running call's
        // continuation inline but on the thread pool, and the slot would be handed over only after the wait began.
        var first = new TaskCompletionSource<Either<Error, int>>();
        var clock = new ArmingClock(() => WithoutSynchronizationContext.Run(() => first.TrySetResult(1)));
        var bulkhead = Create(1, 1, clock, TimeSpan.FromSeconds(10));
        var second = Later();
        var running = Until(first).WithBulkhead(bulkhead)(CancellationToken.None);
        var context = new CountingSynchronizationContext();

        var waiting = context.Install(() => Until(second).WithBulkhead(bulkhead)(CancellationToken.None));

        Assert.Equal(Right<Error, int>(1), await running);
        Assert.Equal((1, 0), (bulkhead.InUse, bulkhead.Queued));
        second.SetResult(2);
        Assert.Equal(Right<Error, int>(2), await waiting);
        Assert.Equal(0, context.Posts);
    }

    /// <summary>A fake clock that runs an action whenever a timer is created, before creating it.</summary>
    private sealed class ArmingClock(Action onCreateTimer) : TimeProvider
    {
        private readonly FakeTimeProvider fake = new();

        public override DateTimeOffset GetUtcNow() => fake.GetUtcNow();

        public override long GetTimestamp() => fake.GetTimestamp();

        public override long TimestampFrequency => fake.TimestampFrequency;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            onCreateTimer();
            return fake.CreateTimer(callback, state, dueTime, period);
        }
    }
}
