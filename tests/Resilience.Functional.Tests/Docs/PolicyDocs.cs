// The code of README.md's tour and of docs/policies.md, compiled and run; the pages show the regions between the
// snippet markers.
using System.Net;
using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Tests.Docs;

public class PolicyDocs
{
    private sealed record User(int Id, string Name);

    private sealed record Order(int Id, decimal ListPrice);

    private sealed record Summary(string Name, int Orders, decimal Total);

    private int userCalls;
    private int pricingCalls;

    // Stand-ins for three remote services: users fails once, pricing is down.
    private Func<CancellationToken, ValueTask<Either<Error, User>>> GetUser(int id) =>
        Op.FromFunc<User>(_ => ++userCalls == 1
            ? throw new HttpRequestException("reset", null, HttpStatusCode.ServiceUnavailable)
            : new User(id, "Ada"));

    private static Func<CancellationToken, ValueTask<Either<Error, Seq<Order>>>> GetOrders(User user) =>
        Op.Succeed(Seq(new Order(1, 10m), new Order(2, 5m)));

    private Func<CancellationToken, ValueTask<Either<Error, decimal>>> PriceOrders(Seq<Order> orders) =>
        Op.Of<decimal>(_ =>
        {
            pricingCalls++;
            return Outcome.Failure<decimal>(new HttpStatusError(503));
        });

    private int stockCalls;

    // A dead inventory service: every call fails with a transient 503.
    private Func<CancellationToken, ValueTask<Either<Error, int>>> GetStock(string sku) =>
        Op.Of<int>(_ =>
        {
            stockCalls++;
            return Outcome.Failure<int>(new HttpStatusError(503));
        });

    // The page omits this (it awaits the call): on the fake clock the jittered waits pass only as the test advances it,
    // with no synchronization context, so that each wait's continuation runs before the clock moves on.
    private static ValueTask<Either<Error, int>> Advancing(FakeTimeProvider clock, ValueTask<Either<Error, int>> call)
    {
        var context = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            var task = call.AsTask();
            for (var step = 0; step < 1_000 && !task.IsCompleted; step++)
            {
                clock.Advance(TimeSpan.FromMilliseconds(10));
            }

            Assert.True(task.IsCompleted, "the call did not finish within 10 virtual seconds");
            return new(task);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(context);
        }
    }

    [Fact]
    public async Task Retry_then_breaker_failing_fast_on_an_open_circuit()
    {
        var clock = new FakeTimeProvider(); // TimeProvider.System in production
        var ct = CancellationToken.None;

        // snippet: policies-fail-fast
        var breaker = new CircuitBreaker(new CircuitBreakerOptions { ConsecutiveFailures = 3, TimeProvider = clock });
        var inventory = Policy.Pipeline(
            Policy.Timeout(new() { Timeout = TimeSpan.FromSeconds(2), TimeProvider = clock }),                    // total
            Policy.Retry(new RetryOptions
            {
                Backoff = Backoff.Exponential(TimeSpan.FromMilliseconds(100)).FullJitter().MaxRetries(3),
                Classifier = ErrorClassifier.Default.Except(e => e is CircuitOpenError),  // an open circuit ends the call
                TimeProvider = clock,
            }),
            Policy.CircuitBreaker(breaker),
            Policy.Timeout(new() { Timeout = TimeSpan.FromMilliseconds(500), TimeProvider = clock })).Named("inventory"); // per attempt

        var first = await Advancing(clock, GetStock("apple").WithPolicy(inventory).Run(ct));  // 3 failed attempts open the breaker: CircuitOpenError
        var second = await GetStock("apple").WithPolicy(inventory).Run(ct); // CircuitOpenError at once, the service untouched
        // end snippet

        Assert.IsType<CircuitOpenError>((Error)first);
        Assert.IsType<CircuitOpenError>((Error)second);
        Assert.Equal(3, stockCalls);
        Assert.Equal(CircuitState.Open, breaker.State);
    }

    [Fact]
    public async Task A_query_over_three_resilient_calls_each_with_its_own_policy()
    {
        // Every call here completes synchronously, so no timer is armed and no wait happens: the default clock,
        // TimeProvider.System, changes nothing (the test checks that a run completes synchronously).
        // snippet: readme-tour
        // One policy per dependency, built once and shared: they hold the breakers, buckets and budgets.
        var users = Policy.Pipeline(
            Policy.Timeout(new() { Timeout = TimeSpan.FromSeconds(2) }),
            Policy.Retry(new RetryOptions { Backoff = Backoff.Immediate.MaxRetries(2) })).Named("users");
        var orders = Policy.Standard().Named("orders");
        var pricing = Policy.Pipeline(
            Policy.CircuitBreaker(new CircuitBreaker(new() { ConsecutiveFailures = 3 })),
            Policy.Timeout(new() { Timeout = TimeSpan.FromMilliseconds(500) })).Named("pricing");

        Console.WriteLine(orders.Describe()); // rate limiter → total timeout → retry → breaker → attempt timeout

        // Domain code reads as the happy path; each step carries its own resilience.
        var summary =
            from user in GetUser(42).WithPolicy(users)
            from items in GetOrders(user).WithPolicy(orders)
            from total in PriceOrders(items).WithPolicy(pricing)
                .WithFallback(Op.Succeed(items.Sum(o => o.ListPrice))) // pricing down: list prices
            select new Summary(user.Name, items.Count, total);

        var result = await summary(CancellationToken.None); // Right(Summary { Name = Ada, Orders = 2, Total = 15 })
        // end snippet

        Assert.Equal(new Summary("Ada", 2, 15m), (Summary)result);
        Assert.Equal(2, userCalls);
        Assert.Equal(1, pricingCalls);
        Assert.StartsWith("orders: pipeline of 5 layer(s)", orders.Describe());

        var again = summary(CancellationToken.None);
        Assert.True(again.IsCompletedSuccessfully);
        Assert.Equal(new Summary("Ada", 2, 15m), (Summary)again.Result);
    }
}
