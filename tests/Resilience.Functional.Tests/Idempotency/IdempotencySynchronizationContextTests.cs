using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using Resilience.Functional.Stores;

namespace Resilience.Functional.Tests;

/// <summary>
/// Whichever step of the call finishes later (the store's claim, the operation, storing the outcome, freeing the key),
/// the call resumes off its caller's synchronization context: a library that resumed on it would deadlock a caller
/// blocking on that context.
/// </summary>
public class IdempotencySynchronizationContextTests
{
    public enum Later
    {
        Begin,
        Operation,
        Complete,
        ReleaseAfterAmbiguousFailure,
        ReleaseAfterCancellationBeforeTheCall,
    }

    private readonly FakeTimeProvider time = new();

    [Theory]
    [InlineData(Later.Begin)]
    [InlineData(Later.Operation)]
    [InlineData(Later.Complete)]
    [InlineData(Later.ReleaseAfterAmbiguousFailure)]
    [InlineData(Later.ReleaseAfterCancellationBeforeTheCall)]
    public async Task A_step_finishing_later_does_not_resume_on_the_callers_synchronization_context(Later later)
    {
        using var cts = new CancellationTokenSource();
        var store = new DeferredStore(new InMemoryIdempotencyStore(10, time))
        {
            DeferBegin = later == Later.Begin,
            DeferComplete = later == Later.Complete,
            DeferRelease = later is Later.ReleaseAfterAmbiguousFailure or Later.ReleaseAfterCancellationBeforeTheCall,
            OnBegin = later == Later.ReleaseAfterCancellationBeforeTheCall ? cts.Cancel : () => { },
        };
        var policy = new IdempotencyGuard(store, new IdempotencyOptions { TimeProvider = time, OnAmbiguousFailure = AmbiguousFailureMode.ReleaseKey });
        var effects = 0;
        var op = Op.Of<int>(_ =>
        {
            effects++;
            if (later == Later.ReleaseAfterAmbiguousFailure)
            {
                return new(Left<Error, int>(new HttpStatusError(503)));
            }

            if (later != Later.Operation)
            {
                return new(Right<Error, int>(7));
            }

            var gate = new TaskCompletionSource<Either<Error, int>>();
            store.Defer(() => gate.SetResult(7));
            return new(gate.Task);
        });
        var context = new CountingSynchronizationContext();

        var call = context.Install(() => op.WithIdempotency(policy, "k").Run(cts.Token));
        var steps = store.RunDeferred();

        Assert.Equal(0, context.Posts);
        Assert.Equal(1, steps);
        Assert.True(call.IsCompleted);
        var outcome = await call;
        switch (later)
        {
            case Later.ReleaseAfterAmbiguousFailure:
                Assert.IsType<HttpStatusError>(outcome.Match(_ => null!, e => e));
                Assert.Equal(1, effects);
                break;
            case Later.ReleaseAfterCancellationBeforeTheCall:
                Assert.IsType<CancelledError>(outcome.Match(_ => null!, e => e));
                Assert.Equal(0, effects);
                break;
            default:
                Assert.Equal(Right<Error, Idempotent<int>>(new Idempotent<int>(7, false)), outcome);
                Assert.Equal(1, effects);
                break;
        }
    }

    /// <summary>A store whose chosen calls finish only when the test runs them, on a thread with no synchronization context.</summary>
    private sealed class DeferredStore(IIdempotencyStore inner) : IIdempotencyStore
    {
        private readonly ConcurrentQueue<Action> deferred = new();

        public bool DeferBegin { get; init; }

        public bool DeferComplete { get; init; }

        public bool DeferRelease { get; init; }

        public Action OnBegin { get; init; } = () => { };

        public void Defer(Action step) => deferred.Enqueue(step);

        /// <summary>Finishes the deferred calls in order, off any synchronization context; returns how many there were.</summary>
        public int RunDeferred()
        {
            var steps = 0;
            while (deferred.TryDequeue(out var step))
            {
                WithoutSynchronizationContext.Run(step);
                steps++;
            }

            return steps;
        }

        public ValueTask<IdempotencyBegin> BeginAsync(string key, string? fingerprint, TimeSpan leaseDuration, CancellationToken cancellationToken)
        {
            OnBegin();
            return DeferBegin ? Deferred(inner.BeginAsync(key, fingerprint, leaseDuration, cancellationToken)) : inner.BeginAsync(key, fingerprint, leaseDuration, cancellationToken);
        }

        public ValueTask CompleteAsync(string key, Guid lease, IdempotencyRecord record, TimeSpan timeToLive, CancellationToken cancellationToken) =>
            DeferComplete ? Deferred(inner.CompleteAsync(key, lease, record, timeToLive, cancellationToken)) : inner.CompleteAsync(key, lease, record, timeToLive, cancellationToken);

        public ValueTask ReleaseAsync(string key, Guid lease, CancellationToken cancellationToken) =>
            DeferRelease ? Deferred(inner.ReleaseAsync(key, lease, cancellationToken)) : inner.ReleaseAsync(key, lease, cancellationToken);

        public ValueTask<bool> RenewAsync(string key, Guid lease, TimeSpan leaseDuration, CancellationToken cancellationToken) =>
            inner.RenewAsync(key, lease, leaseDuration, cancellationToken);

        // The in-memory store answers at once; its answer is handed over only when the test runs the step.
        private ValueTask<T> Deferred<T>(ValueTask<T> answered)
        {
            var result = answered.Result;
            var later = new TaskCompletionSource<T>();
            Defer(() => later.SetResult(result));
            return new(later.Task);
        }

        private ValueTask Deferred(ValueTask answered)
        {
            answered.GetAwaiter().GetResult();
            var later = new TaskCompletionSource();
            Defer(later.SetResult);
            return new(later.Task);
        }
    }
}
