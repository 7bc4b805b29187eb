using Microsoft.Extensions.DependencyInjection;

namespace Resilience.Functional.DependencyInjection.Tests;

/// <summary>Following reloads costs a read and a comparison per call, no allocation (docs/architecture.md's rule 7).</summary>
public class ResiliencePolicyAllocationTests
{
    [Fact]
    public void A_wrapped_operation_that_follows_reloads_allocates_nothing_on_the_synchronous_success_path()
    {
        using var host = new Hosting(
            new Dictionary<string, string?> { ["Resilience:Policies:orders:CircuitBreaker:ConsecutiveFailures"] = "5" },
            s => s.AddResiliencePolicyFromConfiguration("orders"));
        var orders = host.Registry.Get("orders");
        var operation = Op.Succeed(1);
        var following = orders.Wrap(operation);
        var pinned = orders.Current.Wrap(operation);

        Assert.Equal(0, LeastBytesPerThousandCalls(pinned));
        Assert.Equal(0, LeastBytesPerThousandCalls(following));
    }

    private static long LeastBytesPerThousandCalls(Func<CancellationToken, ValueTask<Either<Error, int>>> call)
    {
        var least = long.MaxValue;
        for (var round = 0; round < 6; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 1000; i++)
            {
                _ = call(CancellationToken.None).Result;
            }

            // The first round warms up; the runtime allocates a few bytes once per process in some warm loop.
            least = round == 0 ? least : Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return least;
    }
}
