using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Tests;

public class IdempotencyConcurrencyTests
{
    private const int Callers = 96;

    [Fact]
    public async Task Concurrent_callers_with_one_key_run_the_operation_once_and_the_rest_conflict()
    {
        using var safety = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var policy = new IdempotencyPolicy(new InMemoryIdempotencyStore(1000, new FakeTimeProvider()));
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
            var policy = new IdempotencyPolicy(new InMemoryIdempotencyStore(10));
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
        // Hand-rolled retry loop until the retry combinator is merged; the lead will switch it to op.WithRetry.
        var policy = new IdempotencyPolicy(new InMemoryIdempotencyStore(100, new FakeTimeProvider()));
        var effects = 0;
        var responsesLost = 0;
        var charge = Op.FromFunc(_ => Interlocked.Increment(ref effects) * 100);
        // The effect happens, then the response is lost twice on the way back: a transient failure after the fact.
        var call = charge.WithIdempotency(policy, "charge-1", "amount=100")
            .Bind(r => Interlocked.Increment(ref responsesLost) <= 2 ? Op.Fail<Idempotent<int>>(new HttpStatusError(503)) : Op.Succeed(r));

        var attempts = 0;
        Either<Error, Idempotent<int>> outcome;
        do
        {
            attempts++;
            outcome = await call.Run(CancellationToken.None);
        }
        while (outcome.Match(_ => false, ErrorClassifier.Default.IsTransient) && attempts < 5);

        Assert.Equal(1, effects);
        Assert.Equal(3, attempts);
        Assert.Equal(new Idempotent<int>(100, true), outcome.Match(v => v, e => throw new Xunit.Sdk.XunitException(e.Message)));
    }
}
