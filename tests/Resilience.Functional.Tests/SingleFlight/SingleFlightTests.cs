namespace Resilience.Functional.Tests;

public class SingleFlightTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    /// <summary>An operation held open by a gate, counting its runs and keeping the token each run got.</summary>
    private sealed class Gated<T>
    {
        private readonly List<CancellationToken> tokens = [];

        public TaskCompletionSource<Either<Error, T>> Gate { get; private set; } = NewGate();

        public int Runs { get; private set; }

        public CancellationToken Token => tokens[^1];

        public Func<CancellationToken, ValueTask<Either<Error, T>>> Operation => ct =>
        {
            Runs++;
            tokens.Add(ct);
            return new ValueTask<Either<Error, T>>(Gate.Task);
        };

        public void Reopen() => Gate = NewGate();

        private static TaskCompletionSource<Either<Error, T>> NewGate() => new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    [Fact]
    public async Task Concurrent_calls_with_one_key_share_one_execution_and_all_get_its_value()
    {
        var flights = new SingleFlight<string, int>();
        var op = new Gated<int>();
        var calls = Enumerable.Range(0, 5).Select(_ => op.Operation.WithSingleFlight(flights, "k")(CancellationToken.None)).ToArray();

        Assert.Equal(1, op.Runs);
        Assert.Equal(1, flights.InFlight);
        Assert.All(calls, c => Assert.False(c.IsCompleted));
        op.Gate.SetResult(Right<Error, int>(42));

        foreach (var call in calls)
        {
            Assert.Equal(Right<Error, int>(42), await call.AsTask().WaitAsync(Bound));
        }

        Assert.Equal(0, flights.InFlight);
    }

    [Fact]
    public async Task An_error_is_shared_by_every_caller()
    {
        var flights = new SingleFlight<string, int>();
        var op = new Gated<int>();
        var first = op.Operation.WithSingleFlight(flights, "k")(CancellationToken.None);
        var second = op.Operation.WithSingleFlight(flights, "k")(CancellationToken.None);
        var error = new HttpStatusError(503);
        op.Gate.SetResult(Left<Error, int>(error));

        Assert.Equal(Left<Error, int>(error), await first.AsTask().WaitAsync(Bound));
        Assert.Equal(Left<Error, int>(error), await second.AsTask().WaitAsync(Bound));
        Assert.Equal(1, op.Runs);
    }

    [Fact]
    public async Task A_fault_and_a_synchronous_throw_become_exceptional_errors()
    {
        var flights = new SingleFlight<string, int>();
        var op = new Gated<int>();
        var first = op.Operation.WithSingleFlight(flights, "k")(CancellationToken.None);
        var second = op.Operation.WithSingleFlight(flights, "k")(CancellationToken.None);
        op.Gate.SetException(new IOException("broken pipe"));
        var throwing = Op.Of<int>(_ => throw new InvalidOperationException("bug")).WithSingleFlight(flights, "k");

        foreach (var call in new[] { first, second })
        {
            var error = (Error)await call.AsTask().WaitAsync(Bound);
            Assert.IsType<IOException>(error.ToException());
        }

        Assert.IsType<InvalidOperationException>(((Error)await throwing(CancellationToken.None)).ToException());
        Assert.Equal(0, flights.InFlight);
    }

    [Fact]
    public async Task A_caller_that_cancels_leaves_with_cancelled_and_the_others_still_get_the_value()
    {
        var flights = new SingleFlight<string, int>();
        var op = new Gated<int>();
        using var leaving = new CancellationTokenSource();
        var first = op.Operation.WithSingleFlight(flights, "k")(leaving.Token);
        var second = op.Operation.WithSingleFlight(flights, "k")(CancellationToken.None);

        await leaving.CancelAsync();

        Assert.Equal(Left<Error, int>(CancelledError.Instance), await first.AsTask().WaitAsync(Bound));
        Assert.False(second.IsCompleted);
        Assert.False(op.Token.IsCancellationRequested);
        op.Gate.SetResult(Right<Error, int>(7));
        Assert.Equal(Right<Error, int>(7), await second.AsTask().WaitAsync(Bound));
        Assert.Equal(1, op.Runs);
    }

    [Fact]
    public async Task A_joining_caller_that_cancels_leaves_the_first_one_waiting()
    {
        var flights = new SingleFlight<string, int>();
        var op = new Gated<int>();
        using var leaving = new CancellationTokenSource();
        var first = op.Operation.WithSingleFlight(flights, "k")(CancellationToken.None);
        var second = op.Operation.WithSingleFlight(flights, "k")(leaving.Token);

        await leaving.CancelAsync();

        Assert.Equal(Left<Error, int>(CancelledError.Instance), await second.AsTask().WaitAsync(Bound));
        Assert.False(op.Token.IsCancellationRequested);
        op.Gate.SetResult(Right<Error, int>(7));
        Assert.Equal(Right<Error, int>(7), await first.AsTask().WaitAsync(Bound));
    }

    [Fact]
    public async Task When_every_caller_has_left_the_execution_is_cancelled_and_a_new_call_runs_afresh()
    {
        var flights = new SingleFlight<string, int>();
        var op = new Gated<int>();
        using var one = new CancellationTokenSource();
        using var two = new CancellationTokenSource();
        var first = op.Operation.WithSingleFlight(flights, "k")(one.Token);
        var second = op.Operation.WithSingleFlight(flights, "k")(two.Token);

        await one.CancelAsync();
        Assert.Equal(Left<Error, int>(CancelledError.Instance), await first.AsTask().WaitAsync(Bound));
        Assert.False(op.Token.IsCancellationRequested);
        await two.CancelAsync();
        Assert.Equal(Left<Error, int>(CancelledError.Instance), await second.AsTask().WaitAsync(Bound));

        var abandoned = op.Token;
        Assert.True(abandoned.IsCancellationRequested);
        Assert.Equal(0, flights.InFlight);

        var oldGate = op.Gate;
        op.Reopen();
        var third = op.Operation.WithSingleFlight(flights, "k")(CancellationToken.None);
        Assert.Equal(2, op.Runs);
        Assert.False(op.Token.IsCancellationRequested);
        oldGate.SetException(new OperationCanceledException(abandoned));
        Assert.False(third.IsCompleted);
        op.Gate.SetResult(Right<Error, int>(3));
        Assert.Equal(Right<Error, int>(3), await third.AsTask().WaitAsync(Bound));
        Assert.Equal(0, flights.InFlight);
    }

    [Fact]
    public async Task An_abandoned_execution_that_ends_late_leaves_the_new_execution_of_its_key_joinable()
    {
        var flights = new SingleFlight<string, int>();
        // Gates without asynchronous continuations: the late end is published on this thread, inside SetResult.
        var gates = new[] { new TaskCompletionSource<Either<Error, int>>(), new TaskCompletionSource<Either<Error, int>>() };
        var runs = 0;
        var op = Op.Of(_ => new ValueTask<Either<Error, int>>(gates[runs++].Task)).WithSingleFlight(flights, "k");
        using var leaving = new CancellationTokenSource();
        var abandoned = op(leaving.Token);
        await leaving.CancelAsync();
        Assert.Equal(Left<Error, int>(CancelledError.Instance), await abandoned.AsTask().WaitAsync(Bound));
        var fresh = op(CancellationToken.None);

        gates[0].SetResult(Right<Error, int>(0)); // the abandoned execution ignored its token and ends anyway

        Assert.Equal(1, flights.InFlight);
        var joining = op(CancellationToken.None);
        Assert.Equal(2, runs);
        gates[1].SetResult(Right<Error, int>(2));
        Assert.Equal(Right<Error, int>(2), await fresh.AsTask().WaitAsync(Bound));
        Assert.Equal(Right<Error, int>(2), await joining.AsTask().WaitAsync(Bound));
        Assert.Equal(0, flights.InFlight);
    }

    [Fact]
    public async Task An_execution_whose_callers_all_leave_is_cancelled_also_after_calls_that_completed_at_once()
    {
        var flights = new SingleFlight<string, int>();
        Assert.Equal(1, (int)Op.Succeed(1).WithSingleFlight(flights, "k").RunSync());
        var op = new Gated<int>();
        using var leaving = new CancellationTokenSource();
        var call = op.Operation.WithSingleFlight(flights, "k")(leaving.Token);

        await leaving.CancelAsync();

        Assert.Equal(Left<Error, int>(CancelledError.Instance), await call.AsTask().WaitAsync(Bound));
        Assert.True(op.Token.IsCancellationRequested);
        Assert.Equal(0, flights.InFlight);
        op.Reopen();
        var next = op.Operation.WithSingleFlight(flights, "k")(CancellationToken.None);
        Assert.Equal(2, op.Runs);
        op.Gate.SetResult(Right<Error, int>(3));
        Assert.Equal(Right<Error, int>(3), await next.AsTask().WaitAsync(Bound));
    }

    [Fact]
    public async Task Neither_the_shared_execution_nor_its_callers_resume_on_the_callers_synchronization_context()
    {
        var flights = new SingleFlight<string, int>();
        var gate = new TaskCompletionSource<Either<Error, int>>();
        var op = Op.Of(_ => new ValueTask<Either<Error, int>>(gate.Task)).WithSingleFlight(flights, "k");
        var context = new CountingSynchronizationContext();
        var (first, second) = context.Install(() => (op(CancellationToken.None), op(CancellationToken.None)));

        gate.SetResult(Right<Error, int>(1));

        Assert.Equal(Right<Error, int>(1), await first.AsTask().WaitAsync(Bound));
        Assert.Equal(Right<Error, int>(1), await second.AsTask().WaitAsync(Bound));
        Assert.Equal(0, context.Posts);
    }

    [Fact]
    public async Task A_call_after_completion_runs_the_operation_again()
    {
        var flights = new SingleFlight<string, int>();
        var op = new Gated<int>();
        var first = op.Operation.WithSingleFlight(flights, "k")(CancellationToken.None);
        op.Gate.SetResult(Right<Error, int>(1));
        Assert.Equal(Right<Error, int>(1), await first.AsTask().WaitAsync(Bound));

        op.Reopen();
        var second = op.Operation.WithSingleFlight(flights, "k")(CancellationToken.None);
        op.Gate.SetResult(Right<Error, int>(2));

        Assert.Equal(Right<Error, int>(2), await second.AsTask().WaitAsync(Bound));
        Assert.Equal(2, op.Runs);
    }

    [Fact]
    public void A_synchronous_operation_runs_on_every_call_and_keeps_no_entry()
    {
        var flights = new SingleFlight<string, int>();
        var runs = 0;
        var op = Op.Of(_ => new ValueTask<Either<Error, int>>(++runs)).WithSingleFlight(flights, "k");

        Assert.Equal(1, (int)op.RunSync());
        Assert.Equal(2, (int)op.RunSync());
        Assert.Equal(0, flights.InFlight);
    }

    [Fact]
    public void A_synchronous_success_allocates_nothing()
    {
        var flights = new SingleFlight<string, int>();
        var op = Op.Succeed(42).WithSingleFlight(flights, "k");

        Assert.Equal(0, Allocations.LeastPerRound(() => _ = op(CancellationToken.None).Result));
    }

    [Fact]
    public async Task Keys_do_not_interfere()
    {
        var flights = new SingleFlight<string, int>();
        var a = new Gated<int>();
        var b = new Gated<int>();
        var callA = a.Operation.WithSingleFlight(flights, "a")(CancellationToken.None);
        var callB = b.Operation.WithSingleFlight(flights, "b")(CancellationToken.None);

        Assert.Equal((1, 1, 2), (a.Runs, b.Runs, flights.InFlight));
        b.Gate.SetResult(Right<Error, int>(2));
        Assert.Equal(Right<Error, int>(2), await callB.AsTask().WaitAsync(Bound));
        Assert.False(callA.IsCompleted);
        Assert.Equal(1, flights.InFlight);
        a.Gate.SetResult(Right<Error, int>(1));
        Assert.Equal(Right<Error, int>(1), await callA.AsTask().WaitAsync(Bound));
    }

    [Fact]
    public async Task Keys_are_compared_with_the_given_comparer()
    {
        var flights = new SingleFlight<string, int>(SingleFlightOptions.Default, StringComparer.OrdinalIgnoreCase);
        var op = new Gated<int>();
        var first = op.Operation.WithSingleFlight(flights, "Key")(CancellationToken.None);
        var second = op.Operation.WithSingleFlight(flights, "KEY")(CancellationToken.None);
        op.Gate.SetResult(Right<Error, int>(5));

        Assert.Equal(Right<Error, int>(5), await second.AsTask().WaitAsync(Bound));
        Assert.Equal(Right<Error, int>(5), await first.AsTask().WaitAsync(Bound));
        Assert.Equal(1, op.Runs);
    }

    [Fact]
    public async Task Entries_are_removed_when_executions_complete_fail_or_are_abandoned()
    {
        var flights = new SingleFlight<int, int>();
        var ops = Enumerable.Range(0, 30).Select(_ => new Gated<int>()).ToArray();
        using var cancel = new CancellationTokenSource();
        var calls = ops.Select((op, key) => op.Operation.WithSingleFlight(flights, key)(key % 3 == 2 ? cancel.Token : CancellationToken.None)).ToArray();
        Assert.Equal(30, flights.InFlight);

        await cancel.CancelAsync();
        for (var key = 0; key < ops.Length; key++)
        {
            ops[key].Gate.TrySetResult(key % 3 == 0 ? Right<Error, int>(key) : Left<Error, int>(new HttpStatusError(500)));
        }

        await Task.WhenAll(calls.Select(c => c.AsTask())).WaitAsync(Bound);
        Assert.Equal(0, flights.InFlight);
    }

    [Fact]
    public void A_cancelled_caller_runs_nothing()
    {
        var flights = new SingleFlight<string, int>();
        var op = new Gated<int>();

        // Invoked directly, not through Run (which checks the token itself), as an enclosing combinator calls it.
        var call = op.Operation.WithSingleFlight(flights, "k")(new CancellationToken(true));

        Assert.True(call.IsCompletedSuccessfully);
        Assert.Equal(Left<Error, int>(CancelledError.Instance), call.Result);
        Assert.Equal(0, op.Runs);
        Assert.Equal(0, flights.InFlight);
    }

    [Fact]
    public void Null_arguments_are_rejected_when_applied()
    {
        var flights = new SingleFlight<string, int>();

        Assert.Throws<ArgumentNullException>(() => Op.Succeed(1).WithSingleFlight(flights, null!));
        Assert.Throws<ArgumentNullException>(() => Op.Succeed(1).WithSingleFlight((SingleFlight<string, int>)null!, "k"));
        Assert.Throws<ArgumentNullException>(() => ((Func<CancellationToken, ValueTask<Either<Error, int>>>)null!).WithSingleFlight(flights, "k"));
        Assert.Throws<ArgumentNullException>(() => new SingleFlight<string, int>(null!));
        Assert.Throws<ArgumentNullException>(() => new SingleFlight<string, int>(SingleFlightOptions.Default, null!));
    }
}
