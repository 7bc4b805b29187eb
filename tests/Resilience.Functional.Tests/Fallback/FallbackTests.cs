namespace Resilience.Functional.Tests;

public class FallbackTests
{
    private static readonly Error Transient = new HttpStatusError(503);
    private static readonly Func<CancellationToken, ValueTask<Either<Error, int>>> Failing = Op.Fail<int>(Transient);
    private static readonly Func<CancellationToken, ValueTask<Either<Error, int>>> Seven = Op.Succeed(7);

    [Fact]
    public async Task A_success_passes_through_untouched()
    {
        Assert.Equal(7, (int)await Seven.WithFallback(0).Run(default));
        Assert.Equal(7, (int)await Seven.WithFallback(Op.Succeed(1)).Run(default));
        Assert.Equal(Served.Primary(7), (Served<int>)await Seven.WithFallbackTagged(Op.Succeed(1)).Run(default));
    }

    [Fact]
    public async Task An_error_falls_back_to_a_value_an_operation_or_a_function_of_the_error()
    {
        Assert.Equal(1, (int)await Failing.WithFallback(1).Run(default));
        Assert.Equal(2, (int)await Failing.WithFallback(Op.Succeed(2)).Run(default));
        var fromError = Failing.WithFallback(new FallbackOptions<int>(e => Op.Succeed(((HttpStatusError)e).StatusCode)));
        Assert.Equal(503, (int)await fromError.Run(default));
    }

    [Fact]
    public async Task A_thrown_or_faulted_primary_falls_back_too()
    {
        var thrown = Op.Of<int>(_ => throw new IOException("down"));
        var faulted = Op.FromTask<int>(_ => Task.FromException<int>(new IOException("down")));
        Assert.Equal(3, (int)await thrown.WithFallback(3).Run(default));
        Assert.Equal(3, (int)await faulted.WithFallback(3).Run(default));
    }

    [Fact]
    public async Task Asynchronous_failures_and_bottom_fall_back_and_asynchronous_successes_pass()
    {
        var asyncFailure = OpSpec.Build(OpKind.AsyncFailure, 1);
        var asyncFault = OpSpec.Build(OpKind.AsyncFault, 1);
        var asyncSuccess = OpSpec.Build(OpKind.AsyncSuccess, 8);
        var bottom = Op.Of<int>(_ => new(default(Either<Error, int>)));

        Assert.Equal(4, (int)await asyncFailure.WithFallback(4).Run(default));
        Assert.Equal(4, (int)await asyncFault.WithFallback(4).Run(default));
        Assert.Equal(4, (int)await bottom.WithFallback(4).Run(default));
        Assert.Equal(8, (int)await asyncSuccess.WithFallback(4).Run(default));
        Assert.Contains("null operation", ((Error)await Failing.WithFallback(new FallbackOptions<int>(_ => null!)).Run(default)).Message);
    }

    [Fact]
    public async Task The_callers_cancellation_never_falls_back()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var fallbackRuns = 0;
        var fallback = Op.FromFunc(_ => ++fallbackRuns);
        var cancelledInside = Op.Fail<int>(CancelledError.Instance);

        Assert.IsType<CancelledError>((Error)await Seven.WithFallback(fallback).Run(cts.Token));
        Assert.IsType<CancelledError>((Error)await cancelledInside.WithFallback(fallback).Run(default));
        Assert.IsType<CancelledError>((Error)await cancelledInside.WithFallbackTagged(fallback).Run(default));
        Assert.Equal(0, fallbackRuns);
    }

    [Fact]
    public async Task Only_the_errors_the_predicate_selects_fall_back_and_the_hook_sees_them()
    {
        var seen = new List<Error>();
        var options = new FallbackOptions<int>(_ => Op.Succeed(-1))
        {
            ShouldHandle = e => e is HttpStatusError,
            OnFallback = seen.Add,
        };
        var permanent = Error.New("validation failed");

        Assert.Equal(-1, (int)await Failing.WithFallback(options).Run(default));
        Assert.Same(permanent, (Error)await Op.Fail<int>(permanent).WithFallback(options).Run(default));
        Assert.Equal([Transient], seen);
    }

    [Fact]
    public async Task A_failing_or_throwing_fallback_returns_its_own_error()
    {
        var second = new TimeoutError(TimeSpan.FromSeconds(1));
        Assert.Same(second, (Error)await Failing.WithFallback(Op.Fail<int>(second)).Run(default));
        var throwing = Failing.WithFallback(new FallbackOptions<int>(_ => throw new InvalidOperationException("broken")));
        Assert.Equal("broken", ((Error)await throwing.Run(default)).Message);
    }

    [Fact]
    public async Task Tagged_fallback_tells_primary_from_fallback()
    {
        var tagged = Failing.WithFallbackTagged(new FallbackOptions<int>(_ => Op.Succeed(5)));
        var served = (Served<int>)await tagged.Run(default);
        Assert.Equal(Served.Fallback(5), served);
        Assert.False(served.IsPrimary);
    }

    [Fact]
    public async Task Fallbacks_chain_in_order()
    {
        var calls = new List<string>();
        var primary = Op.Of<int>(_ => { calls.Add("primary"); return Outcome.Failure<int>(Transient); });
        var secondary = Op.Of<int>(_ => { calls.Add("secondary"); return Outcome.Failure<int>(Transient); });

        var chained = primary.WithFallback(secondary).WithFallback(9);

        Assert.Equal(9, (int)await chained.Run(default));
        Assert.Equal(["primary", "secondary"], calls);
    }

    [Fact]
    public void The_success_path_does_not_allocate()
    {
        var byValue = Seven.WithFallback(0);
        var byOptions = Seven.WithFallback(new FallbackOptions<int>(_ => Op.Succeed(0)) { ShouldHandle = _ => true });
        var total = 0;

        var allocated = Allocations.LeastPerRound(() =>
        {
            var a = byValue(default);
            var b = byOptions(default);
            Assert.True(a.IsCompletedSuccessfully && b.IsCompletedSuccessfully);
            total += (int)a.Result + (int)b.Result;
        });

        Assert.Equal(0, allocated);
        Assert.Equal(14 * (100 + (5 * 1000)), total);
    }

    [Fact]
    public void Bad_arguments_fail_at_construction()
    {
        Assert.Throws<ArgumentNullException>("Fallback", () => new FallbackOptions<int>(null!));
        Assert.Throws<ArgumentNullException>("fallback", () => Seven.WithFallback((Func<CancellationToken, ValueTask<Either<Error, int>>>)null!));
        Assert.Throws<ArgumentNullException>("options", () => Seven.WithFallback((FallbackOptions<int>)null!));
        Assert.Throws<ArgumentNullException>("operation", () => ((Func<CancellationToken, ValueTask<Either<Error, int>>>)null!).WithFallback(1));
    }

    [Fact]
    public void Every_overload_names_the_null_argument_it_rejects()
    {
        var none = (Func<CancellationToken, ValueTask<Either<Error, int>>>)null!;
        Assert.Throws<ArgumentNullException>("operation", () => none.WithFallback(Op.Succeed(1)));
        Assert.Throws<ArgumentNullException>("options", () => Seven.WithFallbackTagged((FallbackOptions<int>)null!));
        Assert.Throws<ArgumentNullException>("fallback", () => Seven.WithFallbackTagged((Func<CancellationToken, ValueTask<Either<Error, int>>>)null!));
    }
}
