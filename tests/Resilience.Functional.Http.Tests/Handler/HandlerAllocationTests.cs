using System.Net;

namespace Resilience.Functional.Http.Tests.Handler;

/// <summary>
/// What the handler costs a request that answers at once (docs/http.md#cost): the context that carries the ambient
/// call, and nothing else — no call object, no task, no copy of the request. Alone in its collection: a trace listener
/// of another test would make the attempts record spans.
/// </summary>
[Collection(nameof(TelemetryCollection))]
public class HandlerAllocationTests
{
    private static readonly Uri Url = new("http://in-process.test/allocations");
    private static readonly AsyncLocal<object?> Probe = new();

    [Fact(Timeout = Bounded.TestTimeoutMs)]
    public async Task The_synchronous_path_allocates_only_the_ambient_calls_context()
    {
        using var plain = new HttpMessageInvoker(new Instant());
        using var resilient = new HttpMessageInvoker(new ResilienceHandler(HttpPipeline.Standard(), new Instant()));
        var marker = new object();

        var (withHandler, without, context) = await OnCleanThread(() => (
            BytesPerCall(() => resilient.SendAsync(new HttpRequestMessage(HttpMethod.Get, Url), CancellationToken.None).Result.Dispose()),
            BytesPerCall(() => plain.SendAsync(new HttpRequestMessage(HttpMethod.Get, Url), CancellationToken.None).Result.Dispose()),
            BytesPerCall(() =>
            {
                Probe.Value = marker;
                Probe.Value = null;
            })));

        Assert.True(context > 0, "setting an AsyncLocal allocates its context");
        Assert.True(withHandler - without <= context, $"the handler allocated {withHandler - without} B per call, one context is {context} B");
    }

    // A thread with no execution context of its own, as a request's flow starts: the test runner's async locals
    // would make every context larger.
    private static Task<T> OnCleanThread<T>(Func<T> measure)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        using (ExecutionContext.SuppressFlow())
        {
            new Thread(() =>
            {
                try
                {
                    done.SetResult(measure());
                }
                catch (Exception ex)
                {
                    done.SetException(ex);
                }
            }).Start();
        }

        return done.Task.WaitAsync(Bounded.Limit);
    }

    // The fewest bytes per call over a few rounds of warm calls: the runtime allocates a few bytes once in some warm loop.
    private static long BytesPerCall(Action call)
    {
        const int calls = 1000;
        for (var i = 0; i < calls; i++)
        {
            call();
        }

        var least = long.MaxValue;
        for (var round = 0; round < 5; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < calls; i++)
            {
                call();
            }

            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return least / calls;
    }

    private sealed class Instant : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = request });
    }
}
