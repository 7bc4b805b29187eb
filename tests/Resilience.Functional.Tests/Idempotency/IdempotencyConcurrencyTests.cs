using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Tests;

public class IdempotencyConcurrencyTests
{
    private const int Callers = 96;

    [Fact]
    public async Task Concurrent_callers_with_one_key_run_the_operation_once_and_the_rest_conflict()
    {
        using var safety = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var policy = new IdempotencyGuard(new InMemoryIdempotencyStore(1000, new FakeTimeProvider()));
        var runs = 0;
        var conflicts = 0;
        var othersDone = new TaskCompletionSource();
        // The one run waits until every other caller has been answered, so all of them meet it in flight.
        var op = Op.Of<int>(async ct =>
        {
            Interlocked.Increment(ref runs);
            await othersDone.Task.WaitAsync(ct);
            return 42;
        }).WithIdempotency(policy, "same-key");
        var start = new TaskCompletionSource();

        var callers = Enumerable.Range(0, Callers).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            var outcome = await op.Run(safety.Token);
            if (outcome.IsLeft && Interlocked.Increment(ref conflicts) == Callers - 1)
            {
                othersDone.SetResult();
            }

            return outcome;
        })).ToArray();
        start.SetResult();
        var outcomes = await Task.WhenAll(callers).WaitAsync(safety.Token);

        Assert.Equal(1, runs);
        Assert.Single(outcomes, o => o.IsRight);
        Assert.Equal(new Idempotent<int>(42, false), outcomes.Single(o => o.IsRight).Match(v => v, _ => default));
        Assert.All(outcomes.Where(o => o.IsLeft), o => Assert.IsType<IdempotencyConflictError>(o.Match(_ => null!, e => e)));
    }

    [Fact]
    public async Task Racing_callers_each_get_the_one_result_or_a_conflict()
    {
        using var safety = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        for (var round = 0; round < 20; round++)
        {
            var policy = new IdempotencyGuard(new InMemoryIdempotencyStore(10));
            var runs = 0;
            var op = Op.Of<int>(async ct =>
            {
                var n = Interlocked.Increment(ref runs);
                await Task.Yield();
                return n;
            }).WithIdempotency(policy, $"key-{round}");
            var start = new TaskCompletionSource();

            var callers = Enumerable.Range(0, 64).Select(_ => Task.Run(async () => { await start.Task; return await op.Run(safety.Token); })).ToArray();
            start.SetResult();
            var outcomes = await Task.WhenAll(callers).WaitAsync(safety.Token);

            Assert.Equal(1, runs);
            Assert.All(outcomes, o => o.Match(
                v => Assert.Equal(1, v.Value),
                e => Assert.IsType<IdempotencyConflictError>(e)));
            Assert.Single(outcomes, o => o.Match(v => !v.IsReplay, _ => false));
        }
    }

    [Fact]
    public async Task A_retry_around_an_idempotent_operation_never_runs_the_effect_twice()
    {
        var time = new FakeTimeProvider();
        var policy = new IdempotencyGuard(new InMemoryIdempotencyStore(100, time));
        var effects = 0;
        var responsesLost = 0;
        var charge = Op.FromFunc(_ => Interlocked.Increment(ref effects) * 100);
        // The effect happens, then the response is lost twice on the way back: a transient failure after the fact.
        var call = charge.WithIdempotency(policy, "charge-1", "amount=100")
            .Bind(r => Interlocked.Increment(ref responsesLost) <= 2 ? Op.Fail<Idempotent<int>>(new HttpStatusError(503)) : Op.Succeed(r));
        var retries = new List<int>();
        var retried = call.WithRetry(new RetryOptions
        {
            Backoff = Backoff.Immediate.MaxRetries(4),
            TimeProvider = time,
            Random = new Random(1),
            OnRetry = e => retries.Add(e.Attempt),
        });

        var outcome = await retried(CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1, effects);
        Assert.Equal(3, responsesLost);
        Assert.Equal(2, retries.Count);
        Assert.Equal(new Idempotent<int>(100, true), outcome.Match(v => v, e => throw new Xunit.Sdk.XunitException(e.Message)));
    }
}
