using Microsoft.Extensions.Time.Testing;
using static Resilience.Functional.Tests.ExtensionPoints;

namespace Resilience.Functional.Tests;

/// <summary>
/// One rule for every callback: it runs after the decision it reports, cannot change the outcome, and what it throws
/// is contained the same way everywhere (every target of a multicast delegate still runs).
/// </summary>
public sealed class ObserverTests
{
    private static readonly Either<Error, int> Fail = Left<Error, int>(Downstream.Transient);
    private static readonly Either<Error, int> Ok = Right<Error, int>(42);

    [Fact]
    public void A_throwing_OnFallback_does_not_replace_the_fallback_result()
    {
        var options = new FallbackOptions<int>(_ => Op.Succeed(7)) { OnFallback = _ => throw new Bomb() };

        Assert.Equal(Right<Error, int>(7), Op.Fail<int>(Downstream.Permanent).WithFallback(options).RunSync());
        Assert.Equal(7, (int)Op.Fail<int>(Downstream.Permanent).WithFallbackTagged(options).RunSync().Map(s => s.Value));
    }

    [Fact]
    public void OnFallback_runs_once_the_fallback_is_chosen_and_not_when_choosing_it_fails()
    {
        var seen = new List<string>();
        var chosen = new FallbackOptions<int>(_ =>
        {
            seen.Add("chosen");
            return Op.Succeed(7);
        }) { OnFallback = _ => seen.Add("observed") };
        var broken = new FallbackOptions<int>(_ => throw new Bomb()) { OnFallback = _ => seen.Add("observed broken") };

        Op.Fail<int>(Downstream.Permanent).WithFallback(chosen).RunSync();
        var failed = Op.Fail<int>(Downstream.Permanent).WithFallback(broken).RunSync();

        Assert.Equal(["chosen", "observed"], seen);
        Assert.IsType<Bomb>(((Error)failed).ToException());
    }

    [Fact]
    public void Every_OnFallback_target_runs_when_one_throws()
    {
        var seen = 0;
        Action<Error> observers = _ => throw new Bomb();
        observers += _ => seen++;

        var result = Op.Fail<int>(Downstream.Permanent).WithFallback(new FallbackOptions<int>(_ => Op.Succeed(7)) { OnFallback = observers }).RunSync();

        Assert.Equal(Right<Error, int>(7), result);
        Assert.Equal(1, seen);
    }

    [Fact]
    public void A_throwing_OnRetry_does_not_change_the_retry()
    {
        var downstream = new Downstream(new FakeTimeProvider());
        var options = new RetryOptions { Backoff = Backoff.Immediate.MaxRetries(3), OnRetry = _ => throw new Bomb(), TimeProvider = new FakeTimeProvider() };

        Assert.Equal(Ok, downstream.Scripted(Fail, Fail, Ok).WithRetry(options).RunSync());
        Assert.Equal(3, downstream.Calls);
    }

    [Fact]
    public void Every_OnRetry_target_runs_when_one_throws()
    {
        var seen = new List<int>();
        Action<RetryEvent> observers = _ => throw new Bomb();
        observers += retry => seen.Add(retry.Attempt);
        var downstream = new Downstream(new FakeTimeProvider());
        var options = new RetryOptions { Backoff = Backoff.Immediate.MaxRetries(3), OnRetry = observers, TimeProvider = new FakeTimeProvider() };

        Assert.Equal(Ok, downstream.Scripted(Fail, Fail, Ok).WithRetry(options).RunSync());
        Assert.Equal([1, 2], seen);
    }

    [Fact]
    public void A_throwing_OnRetry_through_a_policy_does_not_change_the_retry()
    {
        var downstream = new Downstream(new FakeTimeProvider());
        var policy = Policy.Retry(new RetryOptions { Backoff = Backoff.Immediate.MaxRetries(3), OnRetry = _ => throw new Bomb(), TimeProvider = new FakeTimeProvider() });

        Assert.Equal(Ok, downstream.Scripted(Fail, Fail, Ok).WithPolicy(policy).RunSync());
        Assert.Equal(3, downstream.Calls);
    }

    [Fact]
    public void The_kernel_contains_every_handler_of_an_event()
    {
        var seen = new List<string>();
        EventHandler<int> handlers = (_, _) => throw new Bomb();
        handlers += (sender, value) => seen.Add($"{sender}:{value}");

        Kernel.Notify(handlers, "breaker", 3);
        Kernel.Notify((EventHandler<int>?)null, "breaker", 4);
        Kernel.Notify((Action<int>?)null, 5);

        Assert.Equal(["breaker:3"], seen);
    }
}
