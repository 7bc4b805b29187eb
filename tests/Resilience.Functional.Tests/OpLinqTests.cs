namespace Resilience.Functional.Tests;

public class OpLinqTests
{
    private static readonly Func<CancellationToken, ValueTask<Either<Error, int>>> Twenty = Op.Succeed(20);
    private static readonly Func<CancellationToken, ValueTask<Either<Error, int>>> TwentyTwo = Op.Succeed(22);

    [Fact]
    public async Task A_query_over_two_operations_combines_their_values()
    {
        var query = from a in Twenty
                    from b in TwentyTwo
                    select a + b;
        Assert.Equal(42, (int)await query.Run(default));
    }

    [Fact]
    public async Task The_first_error_short_circuits_the_rest()
    {
        var secondRuns = 0;
        var second = Op.FromFunc(_ => ++secondRuns);
        var query = from a in Op.Fail<int>(new TimeoutError(TimeSpan.FromSeconds(1)))
                    from b in second
                    select a + b;

        var result = await query.Run(default);

        Assert.IsType<TimeoutError>((Error)result);
        Assert.Equal(0, secondRuns);
    }

    [Fact]
    public async Task A_throwing_selector_or_projection_becomes_an_error()
    {
        var throwingSelect = Twenty.Select<int, int>(_ => throw new ArgumentException("select"));
        var throwingBind = Twenty.SelectMany<int, int>(_ => throw new ArgumentException("bind"));
        var throwingProject = Twenty.SelectMany<int, int, int>(_ => TwentyTwo, (_, _) => throw new ArgumentException("project"));
        var nullBind = Twenty.Bind<int, int>(_ => null!);

        Assert.Equal("select", ((Error)await throwingSelect.Run(default)).Message);
        Assert.Equal("bind", ((Error)await throwingBind.Run(default)).Message);
        Assert.Equal("project", ((Error)await throwingProject.Run(default)).Message);
        Assert.True(((Error)await nullBind.Run(default)).IsExpected);
    }

    [Fact]
    public async Task Where_rejects_with_a_typed_error()
    {
        var even = from x in Twenty where x % 2 == 0 select x;
        var odd = from x in Twenty where x % 2 == 1 select x;

        Assert.Equal(20, (int)await even.Run(default));
        Assert.Same(ValueRejectedError.Instance, (Error)await odd.Run(default));
    }

    [Fact]
    public async Task MapError_maps_only_errors()
    {
        var mapped = Op.Fail<int>(Error.New("a")).MapError(e => Error.New(e.Message + "b"));
        Assert.Equal("ab", ((Error)await mapped.Run(default)).Message);
        Assert.Equal(20, (int)await Twenty.MapError(_ => Error.New("unused")).Run(default));
    }

    [Fact]
    public async Task Recover_runs_the_recovery_but_never_for_cancellation()
    {
        var recovered = Op.Fail<int>(Error.New("down")).Recover(_ => Op.Succeed(7));
        Assert.Equal(7, (int)await recovered.Run(default));

        var recoveries = 0;
        var cancelled = Op.Fail<int>(CancelledError.Instance).Recover(_ =>
        {
            recoveries++;
            return Op.Succeed(7);
        });
        Assert.Same(CancelledError.Instance, (Error)await cancelled.Run(default));
        Assert.Equal(0, recoveries);
    }

    [Fact]
    public async Task Tap_and_TapError_see_values_and_pass_them_on()
    {
        var seen = new List<string>();
        var tapped = Twenty.Tap(x => seen.Add($"value {x}"));
        var tappedError = Op.Fail<int>(Error.New("e")).TapError(e => seen.Add($"error {e.Message}"));

        Assert.Equal(20, (int)await tapped.Run(default));
        Assert.Equal("e", ((Error)await tappedError.Run(default)).Message);
        Assert.Equal(new[] { "value 20", "error e" }, seen);
    }

    [Fact]
    public async Task Asynchronous_operations_compose()
    {
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var slow = Op.FromTask(_ => gate.Task);
        var query = from a in slow
                    from b in TwentyTwo
                    from c in slow
                    select a + b + c;

        var running = query.Run(default);
        Assert.False(running.IsCompleted);
        gate.SetResult(10);

        Assert.Equal(42, (int)await running);
    }

    [Fact]
    public void A_synchronous_query_completes_synchronously_and_allocates_nothing_per_run()
    {
        // A `where` between two `from`s would make the compiler allocate a transparent-identifier object per run,
        // which is the query's cost, not ours; so the filter is applied to the projected value.
        var query = from a in Twenty
                    from b in TwentyTwo
                    select a + b;
        var mapped = query.Where(x => x > 0).Map(x => x * 2).Tap(static _ => { }).Recover(_ => Twenty).MapError(e => e);

        var total = 0;

        var allocated = Allocations.LeastPerRound(() =>
        {
            var pending = mapped(CancellationToken.None);
            Assert.True(pending.IsCompletedSuccessfully);
            total += (int)pending.Result;
        });

        Assert.Equal(84 * (100 + (5 * 1000)), total);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Combinators_reject_null_arguments()
    {
        Assert.Throws<ArgumentNullException>("map", () => Twenty.Map<int, int>(null!));
        Assert.Throws<ArgumentNullException>("bind", () => Twenty.Bind<int, int>(null!));
        Assert.Throws<ArgumentNullException>("project", () => Twenty.SelectMany<int, int, int>(_ => Twenty, null!));
        Assert.Throws<ArgumentNullException>("predicate", () => Twenty.Where(null!));
        Assert.Throws<ArgumentNullException>("recover", () => Twenty.Recover(null!));
        Assert.Throws<ArgumentNullException>("operation", () => ((Func<CancellationToken, ValueTask<Either<Error, int>>>)null!).Map(x => x));
    }
}
