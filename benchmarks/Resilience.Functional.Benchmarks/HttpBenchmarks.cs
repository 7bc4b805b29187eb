using System.Net;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;

namespace Resilience.Functional.Benchmarks;

/// <summary>
/// A GET through a plain client, through our standard HTTP handler and through Microsoft.Extensions.Http.Resilience's
/// standard handler, each over an in-process handler that answers 200 at once: the cost of the handler itself.
/// </summary>
[MemoryDiagnoser]
public class HttpBenchmarks
{
    private static readonly Uri Url = new("http://in-process.test/orders");
    private HttpClient plain = null!;
    private HttpClient functional = null!;
    private HttpClient microsoft = null!;
    private ServiceProvider provider = null!;

    [GlobalSetup]
    public void Setup()
    {
        plain = new HttpClient(new Instant());
        functional = new HttpClient(new ResilienceHandler(HttpPipeline.Standard(), new Instant()));
        var services = new ServiceCollection();
        services.AddHttpClient("microsoft").ConfigurePrimaryHttpMessageHandler(() => new Instant()).AddStandardResilienceHandler();
        provider = services.BuildServiceProvider();
        microsoft = provider.GetRequiredService<IHttpClientFactory>().CreateClient("microsoft");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        plain.Dispose();
        functional.Dispose();
        microsoft.Dispose();
        provider.Dispose();
    }

    [Benchmark(Baseline = true)]
    public Task<HttpStatusCode> Plain() => Get(plain);

    [Benchmark]
    public Task<HttpStatusCode> Functional() => Get(functional);

    [Benchmark]
    public Task<HttpStatusCode> Microsoft() => Get(microsoft);

    private static async Task<HttpStatusCode> Get(HttpClient client)
    {
        using var response = await client.GetAsync(Url).ConfigureAwait(false);
        return response.StatusCode;
    }

    /// <summary>Answers every request with 200 and an empty body, synchronously.</summary>
    private sealed class Instant : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = request });
    }
}
