using Microsoft.Extensions.Time.Testing;
using Resilience.Functional.Stores;

namespace Resilience.Functional.Tests;

/// <summary>What a key does after an ambiguous failure (hold or free), and lease renewal while the operation runs.</summary>
public class IdempotencyAmbiguityTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    private readonly FakeTimeProvider time = new();
    private int effects;

    private IdempotencyGuard Policy(AmbiguousFailureMode mode, IIdempotencyStore? store = null) =>
        new(store ?? new InMemoryIdempotencyStore(100, time),
            new IdempotencyOptions { LeaseDuration = Lease, OnAmbiguousFailure = mode, TimeProvider = time });

    // The charge happens, then the answer is lost: the caller sees a timeout although the effect took place.
    private Func<CancellationToken, ValueTask<Either<Error, int>>> ChargeThenTimeOut() =>
        Op.FromFunc(_ => Interlocked.Increment(ref effects)).Bind(_ => Op.Fail<int>(new TimeoutError(TimeSpan.FromSeconds(2))));

    private Func<CancellationToken, ValueTask<Either<Error, int>>> Charge() => Op.FromFunc(_ => Interlocked.Increment(ref effects) * 100);

    private static Error Left<T>(Either<Error, T> e) => e.Match(_ => throw new Xunit.Sdk.XunitException("expected an error"), err => err);

    private static T Right<T>(Either<Error, T> e) => e.Match(v => v, err => throw new Xunit.Sdk.XunitException(err.Message));

    [Fact]
    public async Task Hold_mode_is_the_default_and_blocks_a_duplicate_after_a_timeout_until_the_lease_runs_out()
    {
        var policy = new IdempotencyGuard(new InMemoryIdempotencyStore(100, time), new IdempotencyOptions { TimeProvider = time });
        Assert.Equal(AmbiguousFailureMode.HoldKey, policy.Options.OnAmbiguousFailure);

        Assert.IsType<TimeoutError>(Left(await ChargeThenTimeOut().WithIdempotency(policy, "pay-1").Run(default)));
        time.Advance(Lease - TimeSpan.FromTicks(1));
        var duplicate = Left(await Charge().WithIdempotency(policy, "pay-1").Run(default));

        var conflict = Assert.IsType<IdempotencyConflictError>(duplicate);
        Assert.Equal(TimeSpan.FromSeconds(1), (TimeSpan)conflict.RetryAfterHint());
        Assert.Equal(1, effects);

        // The outcome was never known: once the lease has run out the key is free again, as for a crashed holder.
        time.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(new Idempotent<int>(200, false), Right(await Charge().WithIdempotency(policy, "pay-1").Run(default)));
        Assert.Equal(2, effects);
    }

    [Fact]
    public async Task Hold_mode_blocks_a_duplicate_after_the_callers_cancellation_mid_flight()
    {
        var policy = Policy(AmbiguousFailureMode.HoldKey);
        using var cts = new CancellationTokenSource();
        var charged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slow = Op.Of<int>(async ct =>
        {
            Interlocked.Increment(ref effects);
            charged.SetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, time, ct);
            return 1;
        });

        var first = slow.WithIdempotency(policy, "pay-2").Run(cts.Token);
        await charged.Task.WaitAsync(TimeSpan.FromSeconds(10));
        cts.Cancel();
        Assert.IsType<CancelledError>(Left(await first.AsTask().WaitAsync(TimeSpan.FromSeconds(10))));

        Assert.IsType<IdempotencyConflictError>(Left(await Charge().WithIdempotency(policy, "pay-2").Run(default)));
        Assert.Equal(1, effects);
    }

    [Fact]
    public async Task An_exhausted_retry_of_charges_that_timed_out_is_ambiguous_and_holds_the_key()
    {
        // Each attempt may have charged: the exhausted retry is permanent for retrying, but its outcome is unknown.
        var policy = Policy(AmbiguousFailureMode.HoldKey);
        var retried = ChargeThenTimeOut().WithRetry(new RetryOptions { Backoff = Backoff.Immediate.MaxRetries(2) });

        Assert.IsType<RetriesExhaustedError>(Left(await retried.WithIdempotency(policy, "pay-r").Run(default)));
        Assert.Equal(3, effects);

        Assert.IsType<IdempotencyConflictError>(Left(await Charge().WithIdempotency(policy, "pay-r").Run(default)));
        Assert.Equal(3, effects);
    }

    [Fact]
    public async Task An_exhausted_retry_of_permanent_errors_is_stored_and_replayed()
    {
        var policy = Policy(AmbiguousFailureMode.HoldKey);
        var invalid = Op.Fail<int>(Error.New(422, "card declined"));
        var retried = invalid.WithRetry(new RetryOptions { Backoff = Backoff.Immediate.MaxRetries(2), Classifier = ErrorClassifier.Create(_ => true) });

        var first = Left(await retried.WithIdempotency(policy, "pay-p").Run(default));
        var replay = Left(await Charge().WithIdempotency(policy, "pay-p").Run(default));

        Assert.IsType<RetriesExhaustedError>(first);
        Assert.Equal(ErrorCodes.RetriesExhausted, Assert.IsType<ReplayedError>(replay).Code);
        Assert.Equal(0, effects);
    }

    [Fact]
    public async Task Release_mode_lets_a_duplicate_run_after_a_timeout()
    {
        var policy = Policy(AmbiguousFailureMode.ReleaseKey);

        Assert.IsType<TimeoutError>(Left(await ChargeThenTimeOut().WithIdempotency(policy, "pay-3").Run(default)));
        var duplicate = Right(await Charge().WithIdempotency(policy, "pay-3").Run(default));

        Assert.Equal(new Idempotent<int>(200, false), duplicate);
        Assert.Equal(2, effects);
    }

    [Theory]
    [InlineData(AmbiguousFailureMode.HoldKey)]
    [InlineData(AmbiguousFailureMode.ReleaseKey)]
    public async Task Cancelled_after_the_claim_but_before_the_call_frees_the_key_in_either_mode(AmbiguousFailureMode mode)
    {
        using var cts = new CancellationTokenSource();
        var store = new CancellingStore(new InMemoryIdempotencyStore(100, time), cts);
        var policy = Policy(mode, store);

        Assert.IsType<CancelledError>(Left(await Charge().WithIdempotency(policy, "pay-4").Run(cts.Token)));
        Assert.Equal(0, effects);
        Assert.Equal(new Idempotent<int>(100, false), Right(await Charge().WithIdempotency(policy, "pay-4").Run(default)));
    }

    [Theory]
    [InlineData(AmbiguousFailureMode.HoldKey)]
    [InlineData(AmbiguousFailureMode.ReleaseKey)]
    public async Task A_permanent_error_is_stored_in_either_mode(AmbiguousFailureMode mode)
    {
        var policy = Policy(mode);
        var declined = Op.FromFunc(_ => Interlocked.Increment(ref effects)).Bind(_ => Op.Fail<int>(new HttpStatusError(402)));

        Assert.IsType<HttpStatusError>(Left(await declined.WithIdempotency(policy, "pay-5").Run(default)));

        Assert.IsType<ReplayedError>(Left(await Charge().WithIdempotency(policy, "pay-5").Run(default)));
        Assert.Equal(1, effects);
    }

    [Fact]
    public async Task Lease_renewal_keeps_a_long_operations_key_held_past_the_original_lease()
    {
        var store = new CountingStore(new InMemoryIdempotencyStore(100, time));
        var policy = Policy(AmbiguousFailureMode.ReleaseKey, store);
        var done = new TaskCompletionSource<Either<Error, int>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var longRunning = Op.Of<int>(_ =>
        {
            Interlocked.Increment(ref effects);
            return new ValueTask<Either<Error, int>>(done.Task);
        });

        var first = longRunning.WithIdempotency(policy, "report-1").Run(default);
        for (var elapsed = TimeSpan.Zero; elapsed < Lease * 5; elapsed += TimeSpan.FromSeconds(10))
        {
            time.Advance(TimeSpan.FromSeconds(10));
            Assert.IsType<IdempotencyConflictError>(Left(await Charge().WithIdempotency(policy, "report-1").Run(default)));
        }

        Assert.Equal(1, effects);
        Assert.Equal(15, store.Renewals); // every 20 s for 5 min
        done.SetResult(7);
        Assert.Equal(new Idempotent<int>(7, false), Right(await first.AsTask().WaitAsync(TimeSpan.FromSeconds(10))));
        Assert.Equal(new Idempotent<int>(7, true), Right(await Charge().WithIdempotency(policy, "report-1").Run(default)));

        // The renewals stop with the operation.
        var renewals = store.Renewals;
        time.Advance(Lease * 3);
        Assert.Equal(renewals, store.Renewals);
        Assert.Equal(1, effects);
    }

    [Fact]
    public async Task A_held_key_runs_out_one_lease_after_its_last_renewal()
    {
        var policy = Policy(AmbiguousFailureMode.HoldKey);
        var done = new TaskCompletionSource<Either<Error, int>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = Op.Of<int>(_ => new ValueTask<Either<Error, int>>(done.Task)).WithIdempotency(policy, "job").Run(default);

        for (var i = 0; i < 5; i++)
        {
            // Step by step, as a real clock goes: renewed at 20, 40, 60, 80 and 100 s.
            time.Advance(TimeSpan.FromSeconds(20));
        }

        done.SetResult(Either<Error, int>.Left(new HttpStatusError(503)));
        Assert.IsType<HttpStatusError>(Left(await first.AsTask().WaitAsync(TimeSpan.FromSeconds(10))));

        time.Advance(Lease - TimeSpan.FromTicks(1));
        Assert.IsType<IdempotencyConflictError>(Left(await Charge().WithIdempotency(policy, "job").Run(default)));
        time.Advance(TimeSpan.FromTicks(1));
        Assert.True(Right(await Charge().WithIdempotency(policy, "job").Run(default)) is { IsReplay: false, Value: 100 });
    }

    /// <summary>A store that cancels the caller's token right after it claimed a key.</summary>
    private sealed class CancellingStore(IIdempotencyStore inner, CancellationTokenSource cts) : IIdempotencyStore
    {
        public async ValueTask<IdempotencyBegin> BeginAsync(string key, string? fingerprint, TimeSpan leaseDuration, CancellationToken cancellationToken)
        {
            var begin = await inner.BeginAsync(key, fingerprint, leaseDuration, cancellationToken);
            await cts.CancelAsync();
            return begin;
        }

        public ValueTask CompleteAsync(string key, Guid lease, IdempotencyRecord record, TimeSpan timeToLive, CancellationToken cancellationToken) =>
            inner.CompleteAsync(key, lease, record, timeToLive, cancellationToken);

        public ValueTask ReleaseAsync(string key, Guid lease, CancellationToken cancellationToken) => inner.ReleaseAsync(key, lease, cancellationToken);

        public ValueTask<bool> RenewAsync(string key, Guid lease, TimeSpan leaseDuration, CancellationToken cancellationToken) =>
            inner.RenewAsync(key, lease, leaseDuration, cancellationToken);
    }

    /// <summary>A store that counts renewals.</summary>
    private sealed class CountingStore(IIdempotencyStore inner) : IIdempotencyStore
    {
        private int renewals;

        public int Renewals => Volatile.Read(ref renewals);

        public ValueTask<IdempotencyBegin> BeginAsync(string key, string? fingerprint, TimeSpan leaseDuration, CancellationToken cancellationToken) =>
            inner.BeginAsync(key, fingerprint, leaseDuration, cancellationToken);

        public ValueTask CompleteAsync(string key, Guid lease, IdempotencyRecord record, TimeSpan timeToLive, CancellationToken cancellationToken) =>
            inner.CompleteAsync(key, lease, record, timeToLive, cancellationToken);

        public ValueTask ReleaseAsync(string key, Guid lease, CancellationToken cancellationToken) => inner.ReleaseAsync(key, lease, cancellationToken);

        public ValueTask<bool> RenewAsync(string key, Guid lease, TimeSpan leaseDuration, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref renewals);
            return inner.RenewAsync(key, lease, leaseDuration, cancellationToken);
        }
    }
}
