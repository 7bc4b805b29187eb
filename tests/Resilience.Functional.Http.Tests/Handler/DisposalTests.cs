using System.Collections.Concurrent;
using System.Net;

namespace Resilience.Functional.Http.Tests.Handler;

/// <summary>What the handler disposes, seen from an in-process inner handler that records every response it made.</summary>
public class DisposalTests
{
    [Fact(Timeout = Bounded.TestTimeoutMs)]
    public async Task Failed_attempts_responses_and_messages_are_disposed_and_the_returned_one_is_not()
    {
        var inner = new Recording(HttpStatusCode.ServiceUnavailable, HttpStatusCode.BadGateway, HttpStatusCode.OK);
        using var client = new HttpClient(new ResilienceHandler(HttpPipeline.Standard(TestPipelines.Fast()), inner));
        using var request = new HttpRequestMessage(HttpMethod.Put, "http://in-process.test/x") { Content = new StringContent("body") };

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([true, true, false], inner.Responses.Select(r => r.Disposed));
        Assert.Equal(3, inner.Messages.Distinct().Count()); // a fresh message per attempt
        Assert.DoesNotContain(request, inner.Messages); // the caller's own message, its body read once, was never sent
        Assert.Same(request, response.RequestMessage);
    }

    [Fact(Timeout = Bounded.TestTimeoutMs)]
    public async Task A_request_without_a_body_goes_out_itself_first_and_as_copies_after()
    {
        var inner = new Recording(HttpStatusCode.InternalServerError, HttpStatusCode.OK);
        using var client = new HttpClient(new ResilienceHandler(HttpPipeline.Standard(TestPipelines.Fast()), inner));
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://in-process.test/y");
        request.Headers.Add("X-Trace", "t-1");

        using var response = await client.SendAsync(request);

        Assert.Same(request, inner.Messages[0]);
        Assert.NotSame(request, inner.Messages[1]);
        Assert.Equal("t-1", inner.Messages[1].Headers.GetValues("X-Trace").Single());
    }

    [Fact(Timeout = Bounded.TestTimeoutMs)]
    public async Task A_hedge_that_finishes_after_the_winner_is_disposed_when_it_arrives()
    {
        var late = new TaskCompletionSource<HttpResponseMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        var lateResponse = new TrackedResponse(HttpStatusCode.OK);
        var calls = 0;
        var inner = new Delegated((_, _) => Interlocked.Increment(ref calls) == 1 ? late.Task : Task.FromResult<HttpResponseMessage>(new TrackedResponse(HttpStatusCode.OK)));
        var pipeline = HttpPipeline.Hedging(new HttpHedgingOptions { Hedging = new() { Delay = TimeSpan.FromMilliseconds(50) } });
        using var client = new HttpClient(new ResilienceHandler(pipeline, inner));

        using var response = await client.GetAsync("http://in-process.test/z"); // the first attempt ignores its cancellation
        late.SetResult(lateResponse);

        await Bounded.Until(() => lateResponse.Disposed);
        Assert.False(((TrackedResponse)response).Disposed);
    }

    [Fact]
    public void A_buffer_bound_out_of_range_fails_at_construction_naming_it()
    {
        var thrown = Assert.Throws<ArgumentOutOfRangeException>(() => new HttpStandardOptions { MaxBufferedContentBytes = -1 });

        Assert.Equal("MaxBufferedContentBytes", thrown.ParamName);
        Assert.Equal("EndpointKey", Assert.Throws<ArgumentNullException>(() => new HttpStandardOptions { EndpointKey = null! }).ParamName);
    }

    private sealed class TrackedResponse(HttpStatusCode status) : HttpResponseMessage(status)
    {
        public bool Disposed { get; private set; }

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }

    private sealed class Recording(params HttpStatusCode[] statuses) : HttpMessageHandler
    {
        private int calls;

        public ConcurrentQueue<TrackedResponse> ResponseQueue { get; } = new();

        public List<TrackedResponse> Responses => [.. ResponseQueue];

        public List<HttpRequestMessage> Messages { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (Messages)
            {
                Messages.Add(request);
            }

            var response = new TrackedResponse(statuses[Math.Min(Interlocked.Increment(ref calls), statuses.Length) - 1]);
            ResponseQueue.Enqueue(response);
            return Task.FromResult<HttpResponseMessage>(response);
        }
    }

    private sealed class Delegated(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> send) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => send(request, cancellationToken);
    }
}
