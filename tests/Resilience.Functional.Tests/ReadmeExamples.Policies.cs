// The policy code shown in README.md lives here so that it compiles and runs; keep the two in step.
using System.Net;
using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Tests;

public class ReadmePolicyExamples
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

    [Fact]
    public async Task A_query_over_three_resilient_calls_each_with_its_own_policy()
    {
        var clock = new FakeTimeProvider(); // README omits this: the default clock is TimeProvider.System

        // README: Policies
        // One policy per dependency, built once and shared: they hold the breakers, buckets and budgets.
        var users = Policy.Pipeline(
            Policy.Timeout(new() { Timeout = TimeSpan.FromSeconds(2), TimeProvider = clock }),
            Policy.Retry(new RetryOptions { Backoff = Backoff.Immediate.MaxRetries(2) })).Named("users");
        var orders = Policy.Standard(new StandardPipelineOptions { TimeProvider = clock }).Named("orders");
        var pricing = Policy.Pipeline(
            Policy.CircuitBreaker(new CircuitBreaker(new() { ConsecutiveFailures = 3, TimeProvider = clock })),
            Policy.Timeout(new() { Timeout = TimeSpan.FromMilliseconds(500), TimeProvider = clock })).Named("pricing");

        Console.WriteLine(orders.Describe()); // rate limiter → total timeout → retry → breaker → attempt timeout

        // Domain code reads as the happy path; each step carries its own resilience.
        var summary =
            from user in GetUser(42).WithPolicy(users)
            from items in GetOrders(user).WithPolicy(orders)
            from total in PriceOrders(items).WithPolicy(pricing)
                .WithFallback(Op.Succeed(items.Sum(o => o.ListPrice))) // pricing down: list prices
            select new Summary(user.Name, items.Count, total);

        var result = await summary(CancellationToken.None); // Right(Summary { Name = Ada, Orders = 2, Total = 15 })
        // END README

        Assert.Equal(new Summary("Ada", 2, 15m), (Summary)result);
        Assert.Equal(2, userCalls);
        Assert.Equal(1, pricingCalls);
        Assert.StartsWith("orders: pipeline of 5 layer(s)", orders.Describe());
    }
}
