// The code of README's "Retry" section lives here so that it compiles and runs; keep the two in step.
using System.Net;
using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Tests;

public class ReadmeRetryExamples
{
    [Fact]
    public async Task Retry_with_exponential_backoff_and_a_budget()
    {
        var clock = new FakeTimeProvider(); // README omits this: the default clock is TimeProvider.System
        var log = new List<string>();
        var calls = 0;

        // README: Retry
        var backoff = Backoff.Exponential(TimeSpan.FromMilliseconds(100))
            .CapDelay(TimeSpan.FromSeconds(2))
            .FullJitter()
            .MaxRetries(4);
        Assert.Equal("Exponential(100ms, x2).CapDelay(2s).FullJitter().MaxRetries(4)", backoff.ToString());
        Assert.Equal(4, backoff.Take(10, seed: 1).Count); // see the delays you built

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
        // end README

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
