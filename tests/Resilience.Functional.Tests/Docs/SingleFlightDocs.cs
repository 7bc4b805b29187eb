// The code of docs/single-flight.md, compiled and run; the page shows the region between the snippet markers.
namespace Resilience.Functional.Tests.Docs;

public class SingleFlightDocs
{
    public sealed record Product(string Id, string Name);

    /// <summary>A catalog whose fetches wait until released, counting them.</summary>
    private sealed class Catalog
    {
        private readonly TaskCompletionSource release = new();

        public int Fetches { get; private set; }

        public async Task<Product> FetchAsync(string id, CancellationToken ct)
        {
            Fetches++;
            await release.Task.WaitAsync(ct);
            return new Product(id, "Teapot");
        }

        public void Release() => release.SetResult();
    }

    [Fact]
    public async Task Concurrent_cache_misses_for_one_product_make_one_fetch()
    {
        var catalog = new Catalog();

        // snippet: single-flight-cache-miss
        // One per kind of call, shared by every request: here, the loads of a product on a cache miss.
        var loads = new SingleFlight<string, Product>(new SingleFlightOptions { Name = "product-load" });

        Func<CancellationToken, ValueTask<Either<Error, Product>>> LoadProduct(string id) =>
            Op.FromTask(ct => catalog.FetchAsync(id, ct))
                .WithTimeout(new TimeoutOptions { Timeout = TimeSpan.FromSeconds(2) })
                .WithSingleFlight(loads, id);

        // Three requests for one product while its load is in flight: one fetch, three answers.
        var requests = Enumerable.Range(0, 3).Select(_ => LoadProduct("p-1").Run(CancellationToken.None).AsTask()).ToArray();
        // end snippet

        Assert.Equal(1, loads.InFlight);
        catalog.Release();
        var answers = await Task.WhenAll(requests).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(1, catalog.Fetches);
        Assert.All(answers, a => Assert.Equal(Right<Error, Product>(new Product("p-1", "Teapot")), a));
        Assert.Equal(0, loads.InFlight);
    }

    [Fact]
    public void Defaults_as_in_single_flight_md()
    {
        var options = new SingleFlightOptions();

        Assert.Equal((TimeSpan.Zero, 1024, "single-flight"), (options.ReuseFor, options.MaxReused, options.Name));
        Assert.Same(TimeProvider.System, options.TimeProvider);
    }
}
