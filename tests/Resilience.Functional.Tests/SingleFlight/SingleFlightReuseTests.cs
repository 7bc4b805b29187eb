using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Tests;

public class SingleFlightReuseTests
{
    private readonly FakeTimeProvider clock = new();

    private SingleFlight<string, int> Flights(int maxReused = 1024) =>
        new(new SingleFlightOptions { ReuseFor = TimeSpan.FromSeconds(10), MaxReused = maxReused, TimeProvider = clock });

    private static Func<CancellationToken, ValueTask<Either<Error, int>>> Counting(Func<int, Either<Error, int>> outcome)
    {
        var runs = 0;
        return _ => new ValueTask<Either<Error, int>>(outcome(++runs));
    }

    [Fact]
    public void A_success_answers_later_calls_until_it_is_older_than_ReuseFor()
    {
        var flights = Flights();
        var op = Counting(run => run).WithSingleFlight(flights, "k");

        Assert.Equal(1, (int)op.RunSync());
        clock.Advance(TimeSpan.FromSeconds(9.9));
        Assert.Equal(1, (int)op.RunSync());
        Assert.Equal(1, flights.Reusable);
        clock.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal(2, (int)op.RunSync());
        Assert.Equal(0, flights.InFlight);
    }

    [Fact]
    public void Errors_are_never_reused()
    {
        var flights = Flights();
        var op = Counting(run => Left<Error, int>(new HttpStatusError(500 + run))).WithSingleFlight(flights, "k");

        Assert.Equal(new HttpStatusError(501), (Error)op.RunSync());
        Assert.Equal(new HttpStatusError(502), (Error)op.RunSync());
        Assert.Equal(0, flights.Reusable);
    }

    [Fact]
    public void Reuse_is_per_key_and_bounded_dropping_the_oldest()
    {
        var flights = Flights(maxReused: 3);
        var runs = new Dictionary<string, int>();
        Func<CancellationToken, ValueTask<Either<Error, int>>> Load(string key) =>
            Op.Of(_ => new ValueTask<Either<Error, int>>(runs[key] = runs.GetValueOrDefault(key) + 1)).WithSingleFlight(flights, key);

        foreach (var key in new[] { "a", "b", "c", "d" })
        {
            Assert.Equal(1, (int)Load(key).RunSync());
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(3, flights.Reusable);
        Assert.Equal(1, (int)Load("d").RunSync());
        Assert.Equal(1, (int)Load("b").RunSync());
        Assert.Equal(2, (int)Load("a").RunSync());
        Assert.Equal(3, flights.Reusable);
    }

    [Fact]
    public void A_call_that_finds_its_success_expired_lets_it_go_even_when_its_own_execution_fails()
    {
        var flights = Flights();
        var op = Counting(run => run == 1 ? Right<Error, int>(1) : Left<Error, int>(new HttpStatusError(503))).WithSingleFlight(flights, "k");
        Assert.Equal(1, (int)op.RunSync());
        clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(new HttpStatusError(503), (Error)op.RunSync());
        Assert.Equal(0, flights.Reusable);
    }

    [Fact]
    public async Task A_caller_that_cancels_while_the_outcome_is_published_leaves_the_finished_execution_alone()
    {
        // The clock is user code, read while the outcome is published (to stamp the success kept for reuse): the
        // caller cancels right then, when the execution has finished but its outcome has not reached the callers.
        using var caller = new CancellationTokenSource();
        var hooked = new HookedClock(clock);
        var flights = new SingleFlight<string, int>(new SingleFlightOptions { ReuseFor = TimeSpan.FromSeconds(10), TimeProvider = hooked });
        var gate = new TaskCompletionSource<Either<Error, int>>();
        var tokenCancelled = false;
        var op = Op.Of(ct =>
        {
            ct.Register(() => tokenCancelled = true);
            return new ValueTask<Either<Error, int>>(gate.Task);
        }).WithSingleFlight(flights, "k");
        var call = op(caller.Token);

        hooked.OnNextTimestamp = caller.Cancel;
        WithoutSynchronizationContext.Run(() => gate.SetResult(Right<Error, int>(1)));

        Assert.Equal(Left<Error, int>(CancelledError.Instance), await call.AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.False(tokenCancelled); // a finished execution is not abandoned: its token is never cancelled
        Assert.Equal(1, flights.Reusable);
        Assert.Equal(1, (int)op.RunSync());
    }

    /// <summary>A fake clock that runs an action (once) the next time its timestamp is read.</summary>
    private sealed class HookedClock(FakeTimeProvider fake) : TimeProvider
    {
        public Action? OnNextTimestamp { get; set; }

        public override long TimestampFrequency => fake.TimestampFrequency;

        public override DateTimeOffset GetUtcNow() => fake.GetUtcNow();

        public override long GetTimestamp()
        {
            var hook = OnNextTimestamp;
            OnNextTimestamp = null;
            hook?.Invoke();
            return fake.GetTimestamp();
        }
    }

    [Fact]
    public void Expired_successes_leave_as_new_ones_come()
    {
        var flights = Flights();
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(i, (int)Op.Succeed(i).WithSingleFlight(flights, $"k{i}").RunSync());
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(10, flights.Reusable);
    }

    [Fact]
    public void By_default_nothing_is_kept()
    {
        var flights = new SingleFlight<string, int>();
        var op = Counting(run => run).WithSingleFlight(flights, "k");

        Assert.Equal(1, (int)op.RunSync());
        Assert.Equal(2, (int)op.RunSync());
        Assert.Equal(0, flights.Reusable);
    }
}
