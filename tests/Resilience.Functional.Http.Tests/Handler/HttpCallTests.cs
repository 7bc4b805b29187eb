using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Http.Tests.Handler;

/// <summary>
/// The handler's call object: reused from a per-thread spare, never while the call or one of its attempts still holds
/// it, and never visible to the caller's flow once SendAsync has returned (docs/http.md#cost).
/// </summary>
public class HttpCallTests
{
    private static readonly Uri Url = new("http://in-process.test/calls");

    [Fact]
    public void A_call_that_completes_at_once_answers_with_the_inner_handlers_own_task_and_leaves_no_ambient_call()
    {
        var inner = new Scripted(HttpStatusCode.OK);
        using var invoker = new HttpMessageInvoker(new ResilienceHandler(HttpPipeline.Standard(TestPipelines.Fast()), inner));
        using var request = new HttpRequestMessage(HttpMethod.Get, Url);

        var answer = invoker.SendAsync(request, CancellationToken.None);

        Assert.True(answer.IsCompletedSuccessfully);
        Assert.Same(inner.Tasks.Single(), answer);
        Assert.NotNull(inner.Calls.Single()); // the attempt ran under its call
        Assert.Null(HttpCall.Current); // and the caller's flow does not carry it on
        Assert.Same(request, answer.Result.RequestMessage);
    }

    [Fact]
    public void A_call_is_reused_by_the_next_one_on_its_thread_and_starts_empty()
    {
        var inner = new Scripted(HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK);
        using var invoker = new HttpMessageInvoker(new ResilienceHandler(HttpPipeline.Standard(TestPipelines.Fast()), inner));
        using var post = new HttpRequestMessage(HttpMethod.Post, Url);
        using var get = new HttpRequestMessage(HttpMethod.Get, Url);

        using var posted = invoker.Send(post, CancellationToken.None); // sent once: POST is not idempotent
        using var got = invoker.Send(get, CancellationToken.None); // retried: the POST's single-attempt reason is gone

        Assert.Equal(HttpStatusCode.ServiceUnavailable, posted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, got.StatusCode);
        Assert.Same(inner.Calls[0], inner.Calls[1]);
        Assert.Same(inner.Calls[1], inner.Calls[2]);
        Assert.Equal([post, get], inner.Messages.Take(2)); // each request without a body went out itself first
        Assert.NotSame(get, inner.Messages[2]);
        Assert.Same(get, got.RequestMessage);
        Assert.False(inner.Calls[0]!.InUse);
    }

    [Fact]
    public void Nested_handlers_each_find_their_own_call()
    {
        var inner = new Scripted(HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK);
        var nested = new ResilienceHandler(HttpPipeline.Standard(TestPipelines.Fast(retries: 0)), inner);
        using var invoker = new HttpMessageInvoker(new ResilienceHandler(HttpPipeline.Standard(TestPipelines.Fast()), nested));
        using var request = new HttpRequestMessage(HttpMethod.Get, Url);

        using var response = invoker.Send(request, CancellationToken.None);

        // The outer retry ran after the nested call had ended: it found the outer call again, not the nested one.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, inner.Messages.Count);
        Assert.Null(HttpCall.Current);
    }

    [Fact(Timeout = Bounded.TestTimeoutMs)]
    public async Task An_attempt_that_starts_after_its_call_ended_sends_nothing_even_once_the_call_object_is_reused()
    {
        var pending = new TaskCompletionSource<HttpResponseMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        var inner = new Scripted(HttpStatusCode.OK) { Later = pending.Task, Capture = true };
        using var invoker = new HttpMessageInvoker(new ResilienceHandler(HttpPipeline.Standard(TestPipelines.Fast()), inner));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        using var first = invoker.Send(new HttpRequestMessage(HttpMethod.Get, Url), CancellationToken.None);
        var flowOfFirst = inner.Flows.Single()!; // what a hedge of the first call would have captured
        var late = new Func<bool>(() =>
        {
            var refused = false;
            ExecutionContext.Run(flowOfFirst, _ => refused = HttpCall.Attempt(cancelled.Token) is { IsCompletedSuccessfully: true, Result.IsLeft: true }, null);
            return refused;
        });

        var whileIdle = late();
        var second = invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, Url), CancellationToken.None); // its attempt waits
        var whileReused = late();
        pending.SetResult(new TrackedResponse(HttpStatusCode.OK));
        using var secondResponse = await second.WaitAsync(Bounded.Limit);

        Assert.Same(inner.Calls[0], inner.Calls[1]); // the second call reused the first one's object
        Assert.True(whileIdle && whileReused);
        Assert.Equal(2, inner.Messages.Count); // neither late attempt sent anything
        Assert.Equal(HttpStatusCode.OK, secondResponse.StatusCode);
    }

    [Fact(Timeout = Bounded.TestTimeoutMs)]
    public async Task A_hedge_that_lost_holds_its_call_until_it_finishes()
    {
        var clock = new FakeTimeProvider();
        var late = new TaskCompletionSource<HttpResponseMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        var lateResponse = new TrackedResponse(HttpStatusCode.OK);
        var inner = new Scripted(HttpStatusCode.OK) { First = late.Task };
        var pipeline = HttpPipeline.Hedging(new HttpHedgingOptions { Hedging = new() { Delay = TimeSpan.FromSeconds(1) }, TimeProvider = clock });
        using var invoker = new HttpMessageInvoker(new ResilienceHandler(pipeline, inner));

        var sending = invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, Url), CancellationToken.None);
        await Bounded.Until(() => inner.Messages.Count == 1);
        clock.Advance(TimeSpan.FromSeconds(1));
        using var response = await sending.WaitAsync(Bounded.Limit);

        var call = inner.Calls[0]!;
        Assert.Same(call, inner.Calls[1]);
        Assert.True(call.InUse); // the losing attempt is still running: nobody else may get this call
        late.SetResult(lateResponse);
        await Bounded.Until(() => lateResponse.Disposed);
        Assert.False(((TrackedResponse)response).Disposed);
    }

    [Fact(Timeout = Bounded.TestTimeoutMs)]
    public async Task An_attempt_a_pessimistic_timeout_abandoned_holds_its_call_until_it_finishes()
    {
        var clock = new FakeTimeProvider();
        var abandoned = new TaskCompletionSource<HttpResponseMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        var abandonedResponse = new TrackedResponse(HttpStatusCode.OK);
        var inner = new Scripted(HttpStatusCode.OK) { First = abandoned.Task };
        var policy = Policy.Timeout(new TimeoutOptions { Timeout = TimeSpan.FromSeconds(1), Mode = TimeoutMode.Pessimistic, TimeProvider = clock });
        using var invoker = new HttpMessageInvoker(new ResilienceHandler(HttpPipeline.From(policy), inner));

        var sending = invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, Url), CancellationToken.None);
        await Bounded.Until(() => inner.Messages.Count == 1);
        clock.Advance(TimeSpan.FromSeconds(1));
        var thrown = await Assert.ThrowsAsync<HttpResilienceException>(() => sending.WaitAsync(Bounded.Limit));

        Assert.IsType<TimeoutError>(thrown.Error);
        var call = inner.Calls[0]!;
        Assert.True(call.InUse); // the attempt ignored its token and still runs
        abandoned.SetResult(abandonedResponse);
        await Bounded.Until(() => abandonedResponse.Disposed); // it finished after its call: nobody will read it
    }

    [Fact(Timeout = Bounded.TestTimeoutMs)]
    public async Task Concurrent_calls_each_get_their_own_answer()
    {
        const int workers = 4;
        const int callsEach = 200;
        var inner = new Echo();
        using var invoker = new HttpMessageInvoker(new ResilienceHandler(HttpPipeline.Standard(TestPipelines.Fast()), inner));

        var mismatches = await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            var wrong = 0;
            for (var i = 0; i < callsEach; i++)
            {
                var id = string.Create(CultureInfo.InvariantCulture, $"{w}-{i}");
                using var request = new HttpRequestMessage(HttpMethod.Get, Url);
                request.Headers.Add(Echo.IdHeader, id);
                using var response = await invoker.SendAsync(request, CancellationToken.None);
                wrong += response.StatusCode == HttpStatusCode.OK && ReferenceEquals(response.RequestMessage, request) && Echo.IdOf(response) == id && !((TrackedResponse)response).Disposed ? 0 : 1;
            }

            return wrong;
        })));

        Assert.Equal(0, mismatches.Sum());
        Assert.Equal(workers * callsEach, inner.Winners.Count);
        Assert.All(inner.Failures, r => Assert.True(r.Disposed)); // every 503 before a retry was disposed
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

    /// <summary>Answers with the given statuses in turn, at once (the first from <see cref="First"/> when set), noting each attempt's call.</summary>
    private sealed class Scripted(params HttpStatusCode[] statuses) : HttpMessageHandler
    {
        public Task<HttpResponseMessage>? First { get; init; }

        /// <summary>The answer to the second attempt and after, when set.</summary>
        public Task<HttpResponseMessage>? Later { get; init; }

        /// <summary>Whether to keep each attempt's execution context.</summary>
        public bool Capture { get; init; }

        public List<ExecutionContext?> Flows { get; } = [];

        public List<HttpCall?> Calls { get; } = [];

        public List<HttpRequestMessage> Messages { get; } = [];

        public List<Task<HttpResponseMessage>> Tasks { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (Messages)
            {
                Calls.Add(HttpCall.Current);
                Messages.Add(request);
                if (Capture)
                {
                    Flows.Add(ExecutionContext.Capture());
                }

                var task = First is not null && Messages.Count == 1 ? First
                    : Later is not null && Messages.Count > 1 ? Later
                    : Task.FromResult<HttpResponseMessage>(new TrackedResponse(statuses[Math.Min(Messages.Count, statuses.Length) - 1]) { RequestMessage = request });
                Tasks.Add(task);
                return task;
            }
        }
    }

    /// <summary>Echoes each request's id; every twentieth id fails once with 503 first (under the breaker's 10 %); some answers come later than at once.</summary>
    private sealed class Echo : HttpMessageHandler
    {
        public const string IdHeader = "X-Call";

        private readonly ConcurrentDictionary<string, int> tries = new();

        public ConcurrentBag<TrackedResponse> Winners { get; } = [];

        public ConcurrentBag<TrackedResponse> Failures { get; } = [];

        public static string IdOf(HttpResponseMessage response) => response.Headers.GetValues(IdHeader).Single();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var id = request.Headers.GetValues(IdHeader).Single();
            var n = int.Parse(id.AsSpan(id.IndexOf('-', StringComparison.Ordinal) + 1), CultureInfo.InvariantCulture);
            var attempt = tries.AddOrUpdate(id, 1, static (_, t) => t + 1);
            var fails = n % 20 == 0 && attempt == 1;
            var response = new TrackedResponse(fails ? HttpStatusCode.ServiceUnavailable : HttpStatusCode.OK) { RequestMessage = request };
            response.Headers.Add(IdHeader, id);
            (fails ? Failures : Winners).Add(response);
            return n % 2 == 0 ? Task.FromResult<HttpResponseMessage>(response) : Later(response);
        }

        private static async Task<HttpResponseMessage> Later(HttpResponseMessage response)
        {
            await Task.Yield();
            return response;
        }
    }
}
