using System.Net;
using Microsoft.Extensions.DependencyInjection;

namespace Resilience.Functional.Http.Tests.Docs;

/// <summary>The code of docs/http.md and of README.md's HTTP line, compiled and run against the test server.</summary>
public class HttpDocs(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private readonly TestServer server = fixture.Server;

    [Fact(Timeout = Bounded.TestTimeoutMs)]
    public async Task The_readme_registration_retries_a_503()
    {
        server.Script("/docs/readme", TestServer.Status(503), TestServer.Ok());
        var services = new ServiceCollection();
        var baseAddress = server.BaseAddress;

        // snippet: readme-http
        services.AddHttpClient("orders", c => c.BaseAddress = baseAddress).AddStandardResilience();
        // end snippet

        await using var provider = services.BuildServiceProvider();
        using var response = await provider.GetRequiredService<IHttpClientFactory>().CreateClient("orders").GetAsync("docs/readme");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact(Timeout = Bounded.TestTimeoutMs)]
    public async Task Responses_are_values_in_a_query()
    {
        var url = server.Script("/docs/price", TestServer.Status(503, ("Retry-After", "0")), TestServer.Ok("41.5"));
        using var client = new HttpClient();

        // snippet: http-values
        var price =
            from response in Op.FromHttp(ct => client.GetAsync(url, ct))
            from body in Op.FromTask(ct => response.Content.ReadAsStringAsync(ct))
            select decimal.Parse(body, System.Globalization.CultureInfo.InvariantCulture);

        var outcome = await price
            .WithRetry(new RetryOptions { Backoff = Backoff.Immediate.MaxRetries(2) }) // 503 is transient; Retry-After is honoured
            .Run(CancellationToken.None);

        var text = outcome.Match(
            Right: p => $"price {p}",
            Left: error => error switch
            {
                HttpStatusError { StatusCode: 404 } => "no such product",
                RetriesExhaustedError e => $"gave up: {e.Attempts.Last.Message}",
                _ => error.Message,
            }); // price 41.5
        // end snippet

        Assert.Equal("price 41.5", text);
    }

    [Fact(Timeout = Bounded.TestTimeoutMs)]
    public async Task A_pipeline_built_once_is_registered_watched_and_described()
    {
        var services = new ServiceCollection();
        server.Script("/docs/orders", TestServer.Ok());
        var baseAddress = server.BaseAddress;

        // snippet: http-pipeline
        var pipeline = HttpPipeline.Standard(new HttpStandardOptions
        {
            Name = "orders",
            Pipeline = new StandardPipelineOptions
            {
                RateLimit = null, // a new StandardPipelineOptions has the core's token bucket; the HTTP default has none
                TotalTimeout = new() { Timeout = TimeSpan.FromSeconds(10) },
                AttemptTimeout = new() { Timeout = TimeSpan.FromSeconds(2) },
            },
            Endpoints = new PartitionOptions { MaxPartitions = 100, IdleTimeout = TimeSpan.FromMinutes(10) },
            MaxBufferedContentBytes = 64 * 1024,
        });
        services.AddHttpClient("orders", c => c.BaseAddress = baseAddress).AddResilience(pipeline);

        var health = new HealthRegistry([pipeline.HealthCheck("orders-api")]); // one breaker per endpoint, all reported
        Console.WriteLine(pipeline.Describe());
        // end snippet

        await using var provider = services.BuildServiceProvider();
        using var response = await provider.GetRequiredService<IHttpClientFactory>().CreateClient("orders").GetAsync("docs/orders");
        var report = (HealthCheckReport)await health.RunAsync(CancellationToken.None);
        Assert.Equal(HealthState.Healthy, report.State);
        Assert.Equal(1, pipeline.Endpoints.Count);
    }

    [Fact(Timeout = Bounded.TestTimeoutMs)]
    public async Task An_unsafe_request_is_retried_only_when_it_says_so()
    {
        var url = server.Script("/docs/pay", TestServer.Status(503), TestServer.Ok("paid"));
        using var client = Bounded.Client(HttpPipeline.Standard(TestPipelines.Fast()));

        // snippet: http-unsafe
        using var pay = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent("""{"amount":10}""") };
        pay.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString()); // the server deduplicates: safe to send again

        using var report = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent("ping") };
        report.AllowRetries(); // or: this POST is harmless to repeat

        using var paid = await client.SendAsync(pay); // 503, then retried: 200
        // end snippet

        Assert.Equal("paid", await paid.Content.ReadAsStringAsync());
    }

    [Fact(Timeout = Bounded.TestTimeoutMs)]
    public async Task Rejections_cancellations_and_http_client_timeouts_are_told_apart()
    {
        var url = server.Script("/docs/hang", TestServer.Hang());
        using var client = Bounded.Client(HttpPipeline.Standard(TestPipelines.Fast(attemptTimeout: TimeSpan.FromMilliseconds(200), totalTimeout: TimeSpan.FromMilliseconds(300))));
        string said;

        // snippet: http-exceptions
        try
        {
            using var response = await client.GetAsync(url);
            said = $"HTTP {(int)response.StatusCode}"; // a success, or the last failed status after the retries
        }
        catch (HttpResilienceException e) when (e.Error is TimeoutError or CircuitOpenError or RateLimitedError)
        {
            said = $"the pipeline gave up: {e.Error.GetType().Name}"; // our own timeout, an open circuit, the rate limit
        }
        catch (TaskCanceledException e) when (e.InnerException is TimeoutException)
        {
            said = "HttpClient.Timeout"; // the client's own timeout, outside the pipeline
        }
        catch (OperationCanceledException)
        {
            said = "the caller cancelled";
        }
        catch (HttpRequestException e)
        {
            said = $"network: {e.Message}"; // the last attempt's network fault, as HttpClient throws it
        }
        // end snippet

        Assert.Equal("the pipeline gave up: TimeoutError", said);
    }
}
