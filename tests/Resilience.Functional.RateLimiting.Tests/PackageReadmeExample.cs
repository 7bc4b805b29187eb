// The code of src/Resilience.Functional.RateLimiting/README.md (the package's README) lives here so that it compiles
// and runs; PackageReadmeTests in Resilience.Functional.Tests checks that the two are the same.
using System.Threading.RateLimiting;
using Resilience.Functional;

namespace Resilience.Functional.RateLimiting.Tests;

public class PackageReadmeExample
{
    [Fact]
    public async Task The_package_readme_example_runs_under_the_limiter()
    {
        // package README begins
        // At most 8 calls at once, 16 more waiting; the caller owns and disposes the limiter.
        var limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 8, QueueLimit = 16 });
        var price = Op.FromFunc(_ => 40m).WithRateLimiter(limiter);

        var outcome = await price.Run(CancellationToken.None); // Right(40); beyond the limits, Left(RateLimitedError)
        // package README ends

        Assert.Equal(Right<Error, decimal>(40m), outcome);
        Assert.Equal(8, limiter.GetStatistics()!.CurrentAvailablePermits);
        limiter.Dispose();
    }
}
