using System.Net;
using Microsoft.Extensions.DependencyInjection;

namespace Resilience.Functional.Http.Tests.Handler;

public class RegistrationTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private readonly TestServer server = fixture.Server;

    [Fact(Timeout = Bounded.TestTimeoutMs)]
    public async Task A_factory_client_with_the_standard_resilience_retries_a_503()
    {
        var url = server.Script("/reg/standard", TestServer.Status(503), TestServer.Ok("via factory"));
        var services = new ServiceCollection();
        services.AddHttpClient("orders").AddStandardResilience(TestPipelines.Fast());
        await using var provider = services.BuildServiceProvider();

        using var response = await provider.GetRequiredService<IHttpClientFactory>().CreateClient("orders").GetAsync(url);

        Assert.Equal("via factory", await response.Content.ReadAsStringAsync());
        Assert.Equal(2, server.Attempts("/reg/standard"));
    }

    [Fact(Timeout = Bounded.TestTimeoutMs)]
    public async Task The_pipelines_state_is_shared_by_every_handler_built_on_it_as_the_factory_rotates_them()
    {
        var url = server.Script("/reg/shared", TestServer.Status(503));
        var pipeline = HttpPipeline.Standard(TestPipelines.Fast(retries: 0) with
        {
            Pipeline = TestPipelines.Fast(retries: 0).Pipeline with { CircuitBreaker = new() { ConsecutiveFailures = 1, BreakDuration = BreakDuration.Fixed(TimeSpan.FromMinutes(5)) } },
        });
        using var first = Bounded.Client(pipeline);
        using var second = Bounded.Client(pipeline); // a new handler, as the factory makes after each handler lifetime

        (await first.GetAsync(url)).Dispose();
        var rejected = await Assert.ThrowsAsync<HttpResilienceException>(() => second.GetAsync(url));

        Assert.IsType<CircuitOpenError>(rejected.Error);
        Assert.Equal(1, server.Attempts("/reg/shared"));
    }

    [Fact(Timeout = Bounded.TestTimeoutMs)]
    public async Task The_default_client_and_a_policy_register_too()
    {
        var url = server.Script("/reg/policy", TestServer.Status(500), TestServer.Ok());
        var services = new ServiceCollection();
        services.AddHttpClient(string.Empty).AddResilience(Policy.Retry(new RetryOptions { Backoff = Backoff.Immediate.MaxRetries(1) }));
        services.AddHttpClient("hedged").AddStandardHedging();
        await using var provider = services.BuildServiceProvider();

        using var response = await provider.GetRequiredService<IHttpClientFactory>().CreateClient().GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(provider.GetRequiredService<IHttpClientFactory>().CreateClient("hedged"));
    }
}
