using System.Net;

namespace Resilience.Functional.Http.Tests.Pipelines;

public class HedgingPipelineTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private readonly TestServer server = fixture.Server;

    private static HttpHedgingOptions Fast => new()
    {
        Name = "hedged",
        Hedging = new() { Delay = TimeSpan.FromMilliseconds(100), MaxHedgedAttempts = 1 },
    };

    [Fact(Timeout = Bounded.TestTimeoutMs)]
    public async Task A_slow_first_attempt_loses_to_a_hedge_with_the_same_body_and_the_loser_is_aborted()
    {
        var url = server.Script("/hedge/slow", TestServer.Hang(), TestServer.Ok("hedge won"));
        using var client = Bounded.Client(HttpPipeline.Hedging(Fast));

        using var response = await client.PutAsync(url, new StringContent("same body"));

        Assert.Equal("hedge won", await response.Content.ReadAsStringAsync());
        Assert.Equal(["same body", "same body"], server.ReceivedAt("/hedge/slow").Select(r => r.Body));
        await Bounded.Until(() => server.Aborted >= 1);
    }

    [Fact(Timeout = Bounded.TestTimeoutMs)]
    public async Task A_post_is_not_hedged()
    {
        var url = server.Script("/hedge/post", TestServer.Slow(TimeSpan.FromMilliseconds(400), "only one"));
        using var client = Bounded.Client(HttpPipeline.Hedging(Fast));

        using var response = await client.PostAsync(url, new StringContent("order"));

        Assert.Equal("only one", await response.Content.ReadAsStringAsync());
        Assert.Equal(1, server.Attempts("/hedge/post"));
    }

    [Fact(Timeout = Bounded.TestTimeoutMs)]
    public async Task When_every_attempt_fails_the_last_failed_response_is_returned()
    {
        var url = server.Script("/hedge/fail", TestServer.Status(502));
        using var client = Bounded.Client(HttpPipeline.Hedging(Fast));

        using var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(2, server.Attempts("/hedge/fail"));
    }

    [Fact]
    public void An_attempt_timeout_beyond_the_total_timeout_fails_at_construction()
    {
        var thrown = Assert.Throws<ArgumentOutOfRangeException>(() =>
            HttpPipeline.Hedging(Fast with { AttemptTimeout = new() { Timeout = TimeSpan.FromMinutes(5) } }));

        Assert.Equal("AttemptTimeout", thrown.ParamName);
    }
}
