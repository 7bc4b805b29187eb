// The code of docs/retry.md, compiled and run; the page shows the region between the snippet markers.
using System.Net;
using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Tests.Docs;

public class RetryDocs
{
    [Fact]
    public async Task Retry_with_exponential_backoff_and_a_budget()
    {
        var clock = new FakeTimeProvider(); // TimeProvider.System in production
        var log = new List<string>();
        var calls = 0;

        // snippet: retry-with-budget
        var backoff = Backoff.Exponential(TimeSpan.FromMilliseconds(100))
            .CapDelay(TimeSpan.FromSeconds(2))
            .FullJitter()
            .MaxRetries(4);                       // 4 retries: at most 5 calls
        var described = backoff.ToString();       // "Exponential(100ms, x2).CapDelay(2s).FullJitter().MaxRetries(4)"
        var delays = backoff.Take(10, seed: 1);   // the 4 delays this seed gives

        // One budget per downstream, shared by every call to it: at most 20 % extra load from retries.
        var budget = new PercentRetryBudget(new PercentRetryBudgetOptions { TimeProvider = clock });

        var getPrice = Op.FromFunc<decimal>(_ => ++calls < 3
            ? throw new HttpRequestException("unavailable", null, HttpStatusCode.ServiceUnavailable)
            : 42m);

        var resilientGetPrice = getPrice.WithRetry(new RetryOptions
        {
            Backoff = backoff,
            Budget = budget,
            TimeProvider = clock,
            OnRetry = r => log.Add($"retry {r.Attempt}: {r.Error.Message}"),
        });

        var pending = resilientGetPrice(CancellationToken.None).AsTask();
        // end snippet

        Assert.Equal("Exponential(100ms, x2).CapDelay(2s).FullJitter().MaxRetries(4)", described);
        Assert.Equal(4, delays.Count);
        Assert.All(delays, d => Assert.InRange(d, TimeSpan.Zero, TimeSpan.FromSeconds(2)));

        for (var attempt = 2; attempt <= 3; attempt++)
        {
            // OnRetry runs once the retry's wait is armed: only then may the clock move.
            var retries = attempt - 1;
            Assert.True(SpinWait.SpinUntil(() => log.Count >= retries, TimeSpan.FromSeconds(10)));
            clock.Advance(TimeSpan.FromSeconds(2));
            Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref calls) >= attempt, TimeSpan.FromSeconds(10)));
        }

        Assert.Equal(42m, (decimal)await pending);
        Assert.Equal(new[] { "retry 1: unavailable", "retry 2: unavailable" }, log);
    }
}
