// The code of docs/circuit-breaker.md, compiled and run; the page shows the region between the snippet markers.
using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Tests.Docs;

public class CircuitBreakerDocs
{
    [Fact]
    public async Task Circuit_breaker()
    {
        var clock = new FakeTimeProvider(); // in production leave TimeProvider at its default, TimeProvider.System

        // snippet: circuit-breaker
        // One breaker per downstream dependency, shared by every call to it.
        var breaker = new CircuitBreaker(new CircuitBreakerOptions
        {
            ConsecutiveFailures = 5,                       // the simple rule (the default)...
            FailureRatio = 0.5,                            // ...or half of the last 20 calls failing
            Window = SlidingWindow.ByCount(20),
            MinimumThroughput = 10,
            BreakDuration = BreakDuration.Exponential(TimeSpan.FromSeconds(5), 2, TimeSpan.FromMinutes(1)),
            TimeProvider = clock,
        });
        breaker.Changed += (_, e) => Console.WriteLine($"{e.Kind}: {e.From} -> {e.To}");

        var getPrice = Op.Fail<decimal>(new HttpStatusError(503))   // a dependency that is down
            .WithCircuitBreaker(breaker);

        for (var i = 0; i < 5; i++)
        {
            await getPrice(CancellationToken.None);                // 503 is transient: five failures in a row
        }

        var outcome = await getPrice(CancellationToken.None);      // rejected at once, the call is not made
        var message = outcome.Match(
            Right: price => $"price {price}",
            Left: error => error switch
            {
                CircuitOpenError open => $"circuit open, retry in {open.TimeUntilProbe.TotalSeconds} s",
                _ => error.Message,
            });
        // end snippet

        Assert.Equal("circuit open, retry in 5 s", message);
        Assert.Equal(CircuitState.Open, breaker.State);
    }
}
