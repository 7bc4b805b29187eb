using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Resilience.Functional.Http.Tests.Handler;

[Collection(nameof(TelemetryCollection))]
public class TelemetryTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private readonly TestServer server = fixture.Server;

    [Fact(Timeout = Bounded.TestTimeoutMs)]
    public async Task Each_attempt_is_one_span_with_the_http_client_tags()
    {
        var spans = new List<Activity>();
        using var tracer = Sdk.CreateTracerProviderBuilder().AddSource(ResilienceTelemetry.Name).AddInMemoryExporter(spans).Build();
        var url = server.Script("/tel/retry", TestServer.Status(503), TestServer.Ok());
        using var client = Bounded.Client(HttpPipeline.Standard(TestPipelines.Fast()));

        using var response = await client.GetAsync(url);
        tracer!.ForceFlush();

        var attempts = spans.Where(s => s.OperationName == HttpTelemetry.AttemptName && (string?)s.GetTagItem(HttpTelemetry.ServerPortTag)?.ToString() == url.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(2, attempts.Count);
        Assert.All(attempts, a =>
        {
            Assert.Equal("GET", a.GetTagItem(HttpTelemetry.MethodTag));
            Assert.Equal("127.0.0.1", a.GetTagItem(HttpTelemetry.ServerAddressTag));
            Assert.Equal("test", a.GetTagItem(ResilienceTelemetry.PipelineNameTag));
        });
        Assert.Equal([503, 200], attempts.Select(a => a.GetTagItem(HttpTelemetry.StatusCodeTag)));
        Assert.Equal(["HttpStatusError", null], attempts.Select(a => a.GetTagItem(ResilienceTelemetry.ErrorTypeTag)));
        Assert.Equal([ActivityStatusCode.Error, ActivityStatusCode.Unset], attempts.Select(a => a.Status));
    }

    [Fact(Timeout = Bounded.TestTimeoutMs)]
    public async Task A_request_sent_once_says_why_on_its_span()
    {
        var spans = new List<Activity>();
        using var tracer = Sdk.CreateTracerProviderBuilder().AddSource(ResilienceTelemetry.Name).AddInMemoryExporter(spans).Build();
        var url = server.Script("/tel/post", TestServer.Status(500));
        using var client = Bounded.Client(HttpPipeline.Standard(TestPipelines.Fast()));

        using var response = await client.PostAsync(url, new StringContent("x"));
        tracer!.ForceFlush();

        var attempt = Assert.Single(spans, s => s.OperationName == HttpTelemetry.AttemptName && Equals(s.GetTagItem(HttpTelemetry.MethodTag), "POST") && Equals(s.GetTagItem(HttpTelemetry.ServerPortTag), url.Port));
        Assert.Contains("POST is not idempotent", (string?)attempt.GetTagItem(HttpTelemetry.SingleAttemptTag), StringComparison.Ordinal);
        Assert.Equal(500, attempt.GetTagItem(HttpTelemetry.StatusCodeTag));
    }
}
