using System.Net;
using System.Text;
using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Http.Tests.Handler;

public class ResilienceHandlerTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private readonly TestServer server = fixture.Server;

    [Fact(Timeout = Bounded.TestTimeoutMs)]
    public async Task A_503_with_retry_after_seconds_is_retried_no_sooner_than_the_header_says()
    {
        var clock = new FakeTimeProvider();
        var delays = new List<TimeSpan>();
        var options = TestPipelines.Fast(clock);
        options = options with { Pipeline = options.Pipeline with { Retry = options.Pipeline.Retry with { OnRetry = r => delays.Add(r.Delay) } } };
        var url = server.Script("/h/503-seconds", TestServer.Status(503, ("Retry-After", "3")), TestServer.Ok("fine"));
        using var client = Bounded.Client(HttpPipeline.Standard(options));

        using var response = await Bounded.Drive(clock, client.GetAsync(url), TimeSpan.FromMilliseconds(500), () => delays.Count > 0);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("fine", await response.Content.ReadAsStringAsync());
        Assert.Equal(2, server.Attempts("/h/503-seconds"));
        Assert.Equal([TimeSpan.FromSeconds(3)], delays);
    }

    [Fact(Timeout = Bounded.TestTimeoutMs)]
    public async Task A_503_with_an_http_date_waits_until_that_date()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
        var delays = new List<TimeSpan>();
        var options = TestPipelines.Fast(clock);
        options = options with { Pipeline = options.Pipeline with { Retry = options.Pipeline.Retry with { OnRetry = r => delays.Add(r.Delay) } } };
        var date = clock.GetUtcNow().AddSeconds(4).ToString("r");
        var url = server.Script("/h/503-date", TestServer.Status(503, ("Retry-After", date)), TestServer.Ok());
        using var client = Bounded.Client(HttpPipeline.Standard(options));

        // The clock stands still until the retry has read the date, so the wait is exactly the date minus now.
        using var response = await Bounded.Drive(clock, client.GetAsync(url), TimeSpan.FromMilliseconds(500), () => delays.Count > 0);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([TimeSpan.FromSeconds(4)], delays);
    }

    [Fact(Timeout = Bounded.TestTimeoutMs)]
    public async Task Persistent_429s_end_with_the_last_429_response_after_every_retry()
    {
        var url = server.Script("/h/429", TestServer.Status(429));
        using var client = Bounded.Client(HttpPipeline.Standard(TestPipelines.Fast(retries: 2)));

        using var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("reply 429", await response.Content.ReadAsStringAsync());
        Assert.Equal(3, server.Attempts("/h/429"));
    }

    [Fact(Timeout = Bounded.TestTimeoutMs)]
    public async Task A_permanent_status_is_returned_at_once()
    {
        var url = server.Script("/h/404", TestServer.Status(404));
        using var client = Bounded.Client(HttpPipeline.Standard(TestPipelines.Fast()));

        using var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(1, server.Attempts("/h/404"));
    }

    [Fact(Timeout = Bounded.TestTimeoutMs)]
    public async Task A_connection_reset_is_retried()
    {
        var url = server.Script("/h/reset", TestServer.Reset(), TestServer.Ok("after reset"));
        using var client = Bounded.Client(HttpPipeline.Standard(TestPipelines.Fast()));

        using var response = await client.GetAsync(url);

        Assert.Equal("after reset", await response.Content.ReadAsStringAsync());
        Assert.Equal(2, server.Attempts("/h/reset"));
    }

    [Fact(Timeout = Bounded.TestTimeoutMs)]
    public async Task Resets_on_every_attempt_end_with_the_network_exception_itself()
    {
        var url = server.Script("/h/reset-always", TestServer.Reset());
        using var client = Bounded.Client(HttpPipeline.Standard(TestPipelines.Fast(retries: 1)));

        var thrown = await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.GetAsync(url));

        Assert.IsNotType<HttpResilienceException>(thrown);
        Assert.Equal(2, server.Attempts("/h/reset-always"));
    }

    [Fact(Timeout = Bounded.TestTimeoutMs)]
    public async Task A_hung_response_is_cut_by_the_attempt_timeout_and_the_next_attempt_answers()
    {
        var url = server.Script("/h/hang-once", TestServer.Hang(), TestServer.Ok("second"));
        using var client = Bounded.Client(HttpPipeline.Standard(TestPipelines.Fast(attemptTimeout: TimeSpan.FromMilliseconds(300))));

        using var response = await client.GetAsync(url);

        Assert.Equal("second", await response.Content.ReadAsStringAsync());
        Assert.Equal(2, server.Attempts("/h/hang-once"));
        await Bounded.Until(() => server.Aborted >= 1);
    }

    [Fact(Timeout = Bounded.TestTimeoutMs)]
    public async Task The_librarys_total_timeout_is_an_HttpResilienceException_not_a_cancellation()
    {
        var url = server.Script("/h/slow-total", TestServer.Slow(TimeSpan.FromSeconds(10)));
        using var client = Bounded.Client(HttpPipeline.Standard(TestPipelines.Fast(attemptTimeout: TimeSpan.FromMilliseconds(300), totalTimeout: TimeSpan.FromMilliseconds(300))));

        var thrown = await Assert.ThrowsAsync<HttpResilienceException>(() => client.GetAsync(url));

        Assert.IsType<TimeoutError>(thrown.Error);
    }

    [Fact(Timeout = Bounded.TestTimeoutMs)]
    public async Task The_callers_cancellation_and_HttpClient_Timeout_are_cancellations_told_apart_by_HttpClient()
    {
        var url = server.Script("/h/hang", TestServer.Hang());
        using var client = Bounded.Client(HttpPipeline.Standard(TestPipelines.Fast()));
        using var impatient = Bounded.Client(HttpPipeline.Standard(TestPipelines.Fast()), TimeSpan.FromMilliseconds(200));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var cancelled = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetAsync(url, cts.Token));
        var timedOut = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => impatient.GetAsync(url));

        Assert.Equal(cts.Token, cancelled.CancellationToken);
        Assert.IsType<TimeoutException>(timedOut.InnerException);
        Assert.Equal(2, server.Attempts("/h/hang")); // neither was retried
    }

    [Fact(Timeout = Bounded.TestTimeoutMs)]
    public async Task A_post_without_an_idempotency_key_is_sent_once()
    {
        var url = server.Script("/h/post-once", TestServer.Status(503), TestServer.Ok());
        using var client = Bounded.Client(HttpPipeline.Standard(TestPipelines.Fast()));

        using var response = await client.PostAsync(url, new StringContent("pay 10"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, server.Attempts("/h/post-once"));
    }

    [Fact(Timeout = Bounded.TestTimeoutMs)]
    public async Task A_post_with_an_idempotency_key_is_retried_with_the_same_body_and_key()
    {
        var url = server.Script("/h/post-key", TestServer.Status(503), TestServer.Ok("paid"));
        using var client = Bounded.Client(HttpPipeline.Standard(TestPipelines.Fast()));
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent("pay 10") };
        request.Headers.Add("Idempotency-Key", "k-1");

        using var response = await client.SendAsync(request);

        Assert.Equal("paid", await response.Content.ReadAsStringAsync());
        Assert.Same(request, response.RequestMessage);
        Assert.Equal(
            [new Received("/h/post-key", "POST", "pay 10", "k-1"), new Received("/h/post-key", "POST", "pay 10", "k-1")],
            server.ReceivedAt("/h/post-key"));
    }

    [Fact(Timeout = Bounded.TestTimeoutMs)]
    public async Task A_non_seekable_stream_body_opted_in_is_buffered_once_and_replayed_in_full()
    {
        var url = server.Script("/h/stream", TestServer.Reset(), TestServer.Status(500), TestServer.Ok());
        using var client = Bounded.Client(HttpPipeline.Standard(TestPipelines.Fast()));
        var body = string.Concat(Enumerable.Repeat("0123456789", 5_000));
        using var request = new HttpRequestMessage(HttpMethod.Patch, url) { Content = new StreamContent(new OneWayStream(Encoding.UTF8.GetBytes(body))) };
        request.AllowRetries();

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([body, body, body], server.ReceivedAt("/h/stream").Select(r => r.Body));
    }

    [Fact(Timeout = Bounded.TestTimeoutMs)]
    public async Task A_body_above_the_buffer_bound_is_streamed_once_in_full_and_not_retried()
    {
        var url = server.Script("/h/large", TestServer.Status(503), TestServer.Ok());
        using var client = Bounded.Client(HttpPipeline.Standard(TestPipelines.Fast() with { MaxBufferedContentBytes = 1000 }));
        var body = new string('x', 5000);
        using var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = new StreamContent(new OneWayStream(Encoding.UTF8.GetBytes(body))) };

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal([body], server.ReceivedAt("/h/large").Select(r => r.Body));
    }

    [Fact(Timeout = Bounded.TestTimeoutMs)]
    public async Task Any_policy_runs_around_the_request_and_an_unsafe_request_is_refused_a_second_send()
    {
        var url = server.Script("/h/policy-post", TestServer.Status(503), TestServer.Ok());
        var policy = Policy.Retry(new RetryOptions { Backoff = Backoff.Immediate.MaxRetries(3) });
        using var client = Bounded.Client(HttpPipeline.From(policy));

        using var response = await client.PostAsync(url, new StringContent("once"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, server.Attempts("/h/policy-post"));
    }

    /// <summary>A body stream that can be read once, forwards only, with no length: what #6167 could not hedge.</summary>
    private sealed class OneWayStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    }

    [Theory(Timeout = Bounded.TestTimeoutMs)]
    [InlineData("Retry-After", "60")]
    [InlineData("retry-after-ms", "60000")]
    public async Task A_retry_after_beyond_the_total_timeouts_deadline_returns_the_503_at_once(string header, string value)
    {
        var clock = new FakeTimeProvider();
        var path = $"/h/503-past-deadline-{header}";
        var url = server.Script(path, TestServer.Status(503, (header, value)), TestServer.Ok());
        using var client = Bounded.Client(HttpPipeline.Standard(TestPipelines.Fast(clock, totalTimeout: TimeSpan.FromSeconds(5))));
        var started = clock.GetUtcNow();

        // The fake clock never moves: a retry that waited for the hint would hang until the test's bound.
        using var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, server.Attempts(path));
        Assert.Equal(started, clock.GetUtcNow());
    }
}
