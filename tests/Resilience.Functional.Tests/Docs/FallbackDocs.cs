// The code of docs/fallback.md's first example, compiled and run; the page shows the region between the snippet
// markers.
namespace Resilience.Functional.Tests.Docs;

public class FallbackDocs
{
    [Fact]
    public async Task Fallback_only_for_the_errors_chosen()
    {
        var log = new List<string>();

        // snippet: fallback-options
        Func<CancellationToken, ValueTask<Either<Error, string>>> Greeting(int status) =>
            Op.Fail<string>(new HttpStatusError(status));

        var options = new FallbackOptions<string>(error => Op.Succeed("hello (cached)"))
        {
            ShouldHandle = error => ErrorClassifier.Default.IsTransient(error),  // 503 falls back, 404 does not
            OnFallback = error => log.Add($"fallback after {error.Message}"),
        };

        var unavailable = await Greeting(503).WithFallback(options).Run(CancellationToken.None); // Right("hello (cached)")
        var missing = await Greeting(404).WithFallback(options).Run(CancellationToken.None);     // Left(HttpStatusError 404)
        // end snippet

        Assert.Equal("hello (cached)", (string)unavailable);
        Assert.Equal(404, Assert.IsType<HttpStatusError>((Error)missing).StatusCode);
        Assert.Single(log);
    }
}
