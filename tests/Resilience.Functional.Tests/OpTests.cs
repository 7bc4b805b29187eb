namespace Resilience.Functional.Tests;

public class OpTests
{
    [Fact]
    public void Succeed_and_fail_complete_synchronously()
    {
        var ok = Op.Succeed(42)(CancellationToken.None);
        var failed = Op.Fail<int>(Error.New("no"))(CancellationToken.None);

        Assert.True(ok.IsCompletedSuccessfully);
        Assert.Equal(42, (int)ok.Result);
        Assert.True(failed.IsCompletedSuccessfully);
        Assert.Equal("no", ((Error)failed.Result).Message);
    }

    [Fact]
    public void Of_returns_the_same_delegate_and_rejects_null()
    {
        Func<CancellationToken, ValueTask<Either<Error, int>>> op = _ => new(Either<Error, int>.Right(1));
        Assert.Same(op, Op.Of(op));
        Assert.Throws<ArgumentNullException>("operation", () => Op.Of<int>(null!));
    }

    [Fact]
    public async Task FromTask_turns_a_synchronous_throw_into_an_exceptional_error()
    {
        var op = Op.FromTask<int>(_ => throw new InvalidOperationException("before the task"));
        var result = await op.Run(CancellationToken.None);
        var error = Assert.IsAssignableFrom<Exceptional>((Error)result);
        Assert.IsType<InvalidOperationException>(error.ToException());
    }

    [Fact]
    public async Task FromTask_turns_a_faulted_task_into_an_exceptional_error()
    {
        var op = Op.FromTask<int>(async _ =>
        {
            await Task.Yield();
            throw new IOException("disk");
        });
        var result = await op.Run(CancellationToken.None);
        Assert.Equal("disk", ((Error)result).Message);
        Assert.True(((Error)result).IsExceptional);
    }

    [Fact]
    public async Task FromValueTask_and_FromFunc_capture_exceptions()
    {
        var fromValueTask = Op.FromValueTask<int>(_ => throw new FormatException("vt"));
        var faultedValueTask = Op.FromValueTask<int>(async _ =>
        {
            await Task.Yield();
            throw new FormatException("vt async");
        });
        var fromFunc = Op.FromFunc<int>(_ => throw new FormatException("func"));

        Assert.Equal("vt", ((Error)await fromValueTask.Run(default)).Message);
        Assert.Equal("vt async", ((Error)await faultedValueTask.Run(default)).Message);
        Assert.Equal("func", ((Error)await fromFunc.Run(default)).Message);
    }

    [Fact]
    public async Task Lifted_values_become_successes()
    {
        Assert.Equal(1, (int)await Op.FromTask(_ => Task.FromResult(1)).Run(default));
        Assert.Equal(2, (int)await Op.FromValueTask(_ => new ValueTask<int>(2)).Run(default));
        Assert.Equal(3, (int)await Op.FromFunc(_ => 3).Run(default));
        Assert.Equal(4, (int)await Op.FromTask(async _ =>
        {
            await Task.Yield();
            return 4;
        }).Run(default));
    }

    [Fact]
    public async Task A_token_cancelled_before_the_run_gives_cancelled_without_running()
    {
        var runs = 0;
        var op = Op.FromFunc(_ => ++runs);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        var result = await op.Run(cts.Token);

        Assert.Same(CancelledError.Instance, (Error)result);
        Assert.Equal(0, runs);
    }

    [Fact]
    public async Task Cancellation_during_the_run_gives_cancelled()
    {
        using var cts = new CancellationTokenSource();
        var started = new TaskCompletionSource();
        var op = Op.FromTask(async ct =>
        {
            started.SetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, ct);
            return 1;
        });

        var running = op.Run(cts.Token);
        await started.Task;
        await cts.CancelAsync();
        var result = await running;

        Assert.True(((Error)result).IsCancellation());
        Assert.True(((Error)result).Is(Errors.Cancelled));
    }

    [Fact]
    public async Task An_operation_cancelled_by_someone_else_is_an_exceptional_error_not_the_callers_cancellation()
    {
        var op = Op.FromTask<int>(_ => Task.FromCanceled<int>(new CancellationToken(canceled: true)));
        var result = await op.Run(CancellationToken.None);
        Assert.False(((Error)result).IsCancellation());
        Assert.True(((Error)result).IsExceptional);
    }

    [Fact]
    public async Task Run_replaces_a_bottom_either_with_the_bottom_error()
    {
        Func<CancellationToken, ValueTask<Either<Error, int>>> sync = _ => default;
        Func<CancellationToken, ValueTask<Either<Error, int>>> async = async _ =>
        {
            await Task.Yield();
            return default;
        };

        var a = await sync.Run(default);
        var b = await async.Run(default);

        Assert.False(a.IsBottom);
        Assert.False(b.IsBottom);
        Assert.Equal(Errors.BottomCode, ((Error)a).Code);
        Assert.Equal(Errors.BottomCode, ((Error)b).Code);
    }

    [Fact]
    public void Constructors_reject_null()
    {
        Assert.Throws<ArgumentNullException>("error", () => Op.Fail<int>(null!));
        Assert.Throws<ArgumentNullException>("function", () => Op.FromTask<int>(null!));
        Assert.Throws<ArgumentNullException>("function", () => Op.FromValueTask<int>(null!));
        Assert.Throws<ArgumentNullException>("function", () => Op.FromFunc<int>(null!));
    }
}
