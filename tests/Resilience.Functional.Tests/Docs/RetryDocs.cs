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

    public sealed record Page(IReadOnlyList<string> Items);

    [Fact]
    public async Task Retry_on_an_empty_page_and_keep_the_last_one_when_it_stays_empty()
    {
        var clock = new FakeTimeProvider(); // TimeProvider.System in production
        var searches = 0;
        var indexed = 3;
        var search = Op.FromFunc(_ => new Page(++searches < indexed ? [] : ["result"]));

        // snippet: retry-on-value
        var options = new RetryOptions { Backoff = Backoff.Constant(TimeSpan.FromSeconds(1)).MaxRetries(5), TimeProvider = clock };

        // An empty page means the index has not caught up yet: worth another try, like a transient error.
        var firstPage = search.WithRetry(options, retryWhen: page => page.Items.Count == 0);

        // Or, when an empty page is an answer after all: the last one the retry saw.
        var orLastPage = firstPage.Recover(error => error.RetriedValue<Page>().Match(page => Op.Succeed(page), () => Op.Fail<Page>(error)));
        // end snippet

        Assert.Equal(["result"], ((Page)await Driven(firstPage)).Items);
        Assert.Equal(3, searches);

        (searches, indexed) = (0, int.MaxValue);
        var error = (Error)await Driven(firstPage);
        Assert.Equal(6, Assert.IsType<RetriesExhaustedError>(error).Attempts.Count);
        Assert.Empty(((Page)await Driven(orLastPage)).Items);

        // Moves the fake clock a second at a time until the retry is done (bounded): a move made before the next wait is
        // armed is only a lost second, as the wait counts from when it starts.
        async Task<Either<Error, Page>> Driven(Func<CancellationToken, ValueTask<Either<Error, Page>>> op)
        {
            var pending = op.Run(CancellationToken.None).AsTask();
            var started = System.Diagnostics.Stopwatch.StartNew();
            for (var i = 0; i < 100_000 && started.Elapsed < TimeSpan.FromSeconds(10) && !pending.IsCompleted; i++)
            {
                clock.Advance(TimeSpan.FromSeconds(1));
                SpinWait.SpinUntil(() => pending.IsCompleted, TimeSpan.FromMilliseconds(1));
            }

            return await pending.WaitAsync(TimeSpan.FromSeconds(10));
        }
    }
}
