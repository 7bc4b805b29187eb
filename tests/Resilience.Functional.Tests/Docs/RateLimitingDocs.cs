// The code of docs/rate-limiting.md, compiled and run; the page shows the regions between the snippet markers.
namespace Resilience.Functional.Tests.Docs;

public class RateLimitingDocs
{
    private static Func<CancellationToken, ValueTask<Either<Error, decimal>>> GetPrice(string symbol) =>
        Op.FromValueTask(ct => ValueTask.FromResult(symbol.Length * 10m));

    [Fact]
    public async Task Timeout_bulkhead_and_rate_limiter()
    {
        // snippet: rate-limiting-guards
        var bulkhead = new Bulkhead(new BulkheadOptions
        {
            MaxConcurrency = 8,
            MaxQueueLength = 16,
            MaxQueueWait = TimeSpan.FromSeconds(1),
        });
        var bucket = new TokenBucket(new TokenBucketOptions
        {
            TokensPerPeriod = 1,
            Period = TimeSpan.FromMinutes(1),
            Burst = 1,
        });

        var price = GetPrice("ACME")
            .WithTimeout(TimeSpan.FromSeconds(2)) // innermost: bounds the call itself
            .WithBulkhead(bulkhead)               // at most 8 at once, 16 waiting
            .WithRateLimiter(bucket);             // outermost: a rejected call costs nothing

        static string Show(Either<Error, decimal> outcome) =>
            outcome.Match(
                Right: p => $"price {p}",
                Left: error => error switch
                {
                    RateLimitedError limited => limited.RetryAfter.Match(
                        d => $"slow down, retry in {Math.Ceiling(d.TotalSeconds)} s",
                        () => "slow down"),
                    BulkheadFullError => "busy, try later",
                    TimeoutError => "too slow",
                    _ => error.Message,
                });

        var first = Show(await price(CancellationToken.None));  // "price 40"
        var second = Show(await price(CancellationToken.None)); // "slow down, retry in 60 s"
        // end snippet

        Assert.Equal("price 40", first);
        Assert.Equal("slow down, retry in 60 s", second);
        Assert.Equal((0, 0), (bulkhead.InUse, bulkhead.Queued));
        Assert.True(bucket.AvailableTokens < 1);
    }
}
