// The code of src/Resilience.Functional.Redis/README.md (the package's README) lives here so that it compiles and
// runs; PackageReadmeTests in Resilience.Functional.Tests checks that the two are the same.
using Resilience.Functional;
using Resilience.Functional.Redis;
using Resilience.Functional.Redis.Tests.Servers;

namespace Resilience.Functional.Redis.Tests;

[Collection(GarnetCollection.Name)]
public class PackageReadmeExample(GarnetServerFixture server)
{
    [Fact(Timeout = 20_000)]
    public async Task The_package_readme_example_charges_once_under_the_shared_limit()
    {
        var connectionString = server.Endpoint;

        // package README begins
        await using var redis = await RedisConnection.ConnectAsync(connectionString); // e.g. "127.0.0.1:6379"
        var guard = new IdempotencyGuard(new RedisIdempotencyStore(redis));
        var limiter = new RedisRateLimiter(redis, new RedisRateLimiterOptions());

        var charge = Op.FromFunc(_ => 42m)
            .WithRateLimiter(limiter, "tenant-7")   // one limit for every instance
            .WithIdempotency(guard, "order-1001");  // one effect for every instance

        var outcome = await charge.Run(CancellationToken.None); // Right(42, IsReplay: false); a retry replays it
        // package README ends

        Assert.Equal(Right<Error, Idempotent<decimal>>(new Idempotent<decimal>(42m, false)), outcome);
        Assert.Equal(Right<Error, Idempotent<decimal>>(new Idempotent<decimal>(42m, true)), await charge.Run(CancellationToken.None));
    }
}
