using Microsoft.Extensions.Time.Testing;
using Resilience.Functional.Stores;

namespace Resilience.Functional.Tests;

/// <summary>Every store call is untrusted: no throw, faulted task or broken answer escapes, and no effect runs without a lease.</summary>
public class IdempotencyStoreFaultTests
{
    public enum Fault
    {
        None,
        Throws,
        Faulted,
        FaultsLater,
        ReturnsNull,
        CompletedWithoutRecord,
        UnknownKind,
        ReportsLost,
    }

    private readonly FakeTimeProvider time = new();
    private int effects;

    private Func<CancellationToken, ValueTask<Either<Error, int>>> Charge() => Op.FromFunc(_ => Interlocked.Increment(ref effects) * 100);

    private IdempotencyGuard Policy(FaultyStore store, AmbiguousFailureMode mode = AmbiguousFailureMode.HoldKey) =>
        new(store, new IdempotencyOptions { TimeProvider = time, OnAmbiguousFailure = mode });

    [Theory]
    [InlineData(Fault.Throws)]
    [InlineData(Fault.Faulted)]
    [InlineData(Fault.FaultsLater)]
    [InlineData(Fault.ReturnsNull)]
    [InlineData(Fault.CompletedWithoutRecord)]
    [InlineData(Fault.UnknownKind)]
    public async Task A_begin_that_fails_or_breaks_the_protocol_is_a_transient_store_error_and_nothing_runs(Fault fault)
    {
        var store = new FaultyStore(new InMemoryIdempotencyStore(10, time)) { Begin = fault };

        var outcome = await Charge().WithIdempotency(Policy(store), "k").Run(default).AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        var error = Assert.IsType<IdempotencyStoreUnavailableError>(outcome.Match(_ => null!, e => e));
        Assert.Equal("k", error.Key);
        Assert.Equal(ErrorCodes.IdempotencyStoreUnavailable, error.Code);
        Assert.Single(typeof(ErrorCodes).GetFields(), f => (int)f.GetValue(null)! == error.Code);
        Assert.True(ErrorClassifier.Default.IsTransient(error));
        Assert.Equal(0, effects);
    }

    [Theory]
    [InlineData(Fault.ReturnsNull, "BeginAsync returned null.")]
    [InlineData(Fault.CompletedWithoutRecord, "BeginAsync returned Completed without a usable record.")]
    public async Task A_begin_that_breaks_the_protocol_says_how_in_the_errors_cause(Fault fault, string cause)
    {
        var store = new FaultyStore(new InMemoryIdempotencyStore(10, time)) { Begin = fault };

        var outcome = await Charge().WithIdempotency(Policy(store), "k").Run(default);

        var error = Assert.IsType<IdempotencyStoreUnavailableError>(outcome.Match(_ => null!, e => e));
        Assert.Equal(cause, error.Cause.Message);
        Assert.EndsWith(cause, error.Message);
    }

    [Fact]
    public async Task A_begin_cancelled_by_the_caller_is_cancelled_not_a_store_error()
    {
        using var cts = new CancellationTokenSource();
        var store = new FaultyStore(new InMemoryIdempotencyStore(10, time)) { OnBegin = cts.Cancel, Begin = Fault.Throws, Thrown = () => new OperationCanceledException() };

        var outcome = await Charge().WithIdempotency(Policy(store), "k").Run(cts.Token);

        Assert.IsType<CancelledError>(outcome.Match(_ => null!, e => e));
        Assert.Equal(0, effects);
    }

    [Theory]
    [InlineData(Fault.Throws, AmbiguousFailureMode.HoldKey)]
    [InlineData(Fault.Faulted, AmbiguousFailureMode.HoldKey)]
    [InlineData(Fault.FaultsLater, AmbiguousFailureMode.HoldKey)]
    [InlineData(Fault.Throws, AmbiguousFailureMode.ReleaseKey)]
    [InlineData(Fault.FaultsLater, AmbiguousFailureMode.ReleaseKey)]
    public async Task A_complete_that_fails_keeps_the_outcome_and_holds_or_frees_the_key_by_mode(Fault fault, AmbiguousFailureMode mode)
    {
        var store = new FaultyStore(new InMemoryIdempotencyStore(10, time)) { Complete = fault };
        var policy = Policy(store, mode);

        var first = await Charge().WithIdempotency(policy, "k").Run(default).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        var duplicate = await Charge().WithIdempotency(policy, "k").Run(default).AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(Either<Error, Idempotent<int>>.Right(new Idempotent<int>(100, false)), first);
        if (mode == AmbiguousFailureMode.HoldKey)
        {
            Assert.IsType<IdempotencyConflictError>(duplicate.Match(_ => null!, e => e));
            Assert.Equal(1, effects);
        }
        else
        {
            Assert.True(duplicate.IsRight);
            Assert.Equal(2, effects);
        }
    }

    [Theory]
    [InlineData(Fault.Throws)]
    [InlineData(Fault.Faulted)]
    [InlineData(Fault.FaultsLater)]
    public async Task A_release_that_fails_keeps_the_outcome_and_the_lease_runs_out(Fault fault)
    {
        var store = new FaultyStore(new InMemoryIdempotencyStore(10, time)) { Release = fault };
        var policy = Policy(store, AmbiguousFailureMode.ReleaseKey);
        var unavailable = Op.FromFunc(_ => Interlocked.Increment(ref effects)).Bind(_ => Op.Fail<int>(new HttpStatusError(503)));

        var first = await unavailable.WithIdempotency(policy, "k").Run(default).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        var duplicate = await Charge().WithIdempotency(policy, "k").Run(default);
        time.Advance(policy.Options.LeaseDuration);
        var afterLease = await Charge().WithIdempotency(policy, "k").Run(default);

        Assert.IsType<HttpStatusError>(first.Match(_ => null!, e => e));
        Assert.IsType<IdempotencyConflictError>(duplicate.Match(_ => null!, e => e));
        Assert.True(afterLease.IsRight);
        Assert.Equal(2, effects);
    }

    [Theory]
    [InlineData(Fault.Throws)]
    [InlineData(Fault.Faulted)]
    [InlineData(Fault.FaultsLater)]
    public async Task A_renewal_that_fails_changes_no_outcome_and_is_tried_again(Fault fault)
    {
        var unobserved = 0;
        EventHandler<UnobservedTaskExceptionEventArgs> handler = (_, e) =>
        {
            if (e.Exception.InnerExceptions.Any(x => x.Message == FaultyStore.Message))
            {
                Interlocked.Increment(ref unobserved);
            }
        };
        TaskScheduler.UnobservedTaskException += handler;
        try
        {
            var store = new FaultyStore(new InMemoryIdempotencyStore(10, time)) { Renew = fault };
            var policy = Policy(store);
            var done = new TaskCompletionSource<Either<Error, int>>(TaskCreationOptions.RunContinuationsAsynchronously);
            var call = Op.Of<int>(_ => new ValueTask<Either<Error, int>>(done.Task)).WithIdempotency(policy, "k").Run(default);

            for (var i = 1; i <= 6; i++)
            {
                time.Advance(TimeSpan.FromSeconds(20));
                Assert.Equal(i, store.Renewals);
                if (store.PendingRenewal is { } pending)
                {
                    // Off the test's synchronization context the renewal's continuation runs inline, so it has
                    // settled when this returns and the next tick finds no renewal in progress.
                    await Task.Run(() => pending.SetException(new IOException(FaultyStore.Message)));
                }
            }

            done.SetResult(5);
            Assert.Equal(new Idempotent<int>(5, false), (Idempotent<int>)await call.AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.Equal(6, store.Renewals);
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= handler;
        }

        Assert.Equal(0, unobserved);
    }

    [Fact]
    public async Task A_lease_the_store_reports_lost_is_not_renewed_again()
    {
        var store = new FaultyStore(new InMemoryIdempotencyStore(10, time)) { Renew = Fault.ReportsLost };
        var done = new TaskCompletionSource<Either<Error, int>>();
        var call = Op.Of<int>(_ => new ValueTask<Either<Error, int>>(done.Task)).WithIdempotency(Policy(store), "k").Run(default);

        for (var i = 0; i < 4; i++)
        {
            time.Advance(TimeSpan.FromSeconds(20));
        }

        done.SetResult(5);
        Assert.True((await call.AsTask().WaitAsync(TimeSpan.FromSeconds(10))).IsRight);
        Assert.Equal(1, store.Renewals);
    }

    [Fact]
    public async Task A_lease_reported_lost_by_a_renewal_fired_while_the_timer_is_armed_is_not_renewed_again()
    {
        // A timer may fire before CreateTimer returns; this clock fires each new timer once at once, as it is armed.
        var clock = new FiringOnCreateClock(time);
        var store = new FaultyStore(new InMemoryIdempotencyStore(10, time)) { Renew = Fault.ReportsLost };
        var policy = new IdempotencyGuard(store, new IdempotencyOptions { TimeProvider = clock });
        var done = new TaskCompletionSource<Either<Error, int>>();
        var call = Op.Of<int>(_ => new ValueTask<Either<Error, int>>(done.Task)).WithIdempotency(policy, "k").Run(default);

        for (var i = 0; i < 4; i++)
        {
            time.Advance(TimeSpan.FromSeconds(20));
        }

        done.SetResult(5);
        Assert.True((await call.AsTask().WaitAsync(TimeSpan.FromSeconds(10))).IsRight);
        Assert.Equal(1, store.Renewals);
    }

    [Fact]
    public async Task Only_one_renewal_is_in_progress_at_a_time()
    {
        var store = new FaultyStore(new InMemoryIdempotencyStore(10, time)) { Renew = Fault.FaultsLater };
        var done = new TaskCompletionSource<Either<Error, int>>();
        var call = Op.Of<int>(_ => new ValueTask<Either<Error, int>>(done.Task)).WithIdempotency(Policy(store), "k").Run(default);

        // The first renewal never answers: the later ticks find it in progress and do not start another.
        for (var i = 0; i < 3; i++)
        {
            time.Advance(TimeSpan.FromSeconds(20));
        }

        done.SetResult(5);
        Assert.True((await call.AsTask().WaitAsync(TimeSpan.FromSeconds(10))).IsRight);
        Assert.Equal(1, store.Renewals);
    }

    [Theory]
    [InlineData(Fault.None)]
    [InlineData(Fault.ReportsLost)]
    public async Task The_renewal_timer_is_disposed_when_the_call_ends(Fault renew)
    {
        var clock = new CountingClock();
        var store = new FaultyStore(new InMemoryIdempotencyStore(10, clock)) { Renew = renew };
        var policy = new IdempotencyGuard(store, new IdempotencyOptions { TimeProvider = clock });
        var done = new TaskCompletionSource<Either<Error, int>>();
        var call = Op.Of<int>(_ => new ValueTask<Either<Error, int>>(done.Task)).WithIdempotency(policy, "k").Run(default);
        clock.Fake.Advance(TimeSpan.FromSeconds(20));

        done.SetResult(5);
        Assert.True((await call.AsTask().WaitAsync(TimeSpan.FromSeconds(10))).IsRight);
        Assert.Equal(1, clock.Created);
        Assert.Equal(0, clock.Live);
    }

    /// <summary>A fake clock whose timers fire once as they are created, before CreateTimer returns.</summary>
    private sealed class FiringOnCreateClock(FakeTimeProvider fake) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => fake.GetUtcNow();

        public override long GetTimestamp() => fake.GetTimestamp();

        public override long TimestampFrequency => fake.TimestampFrequency;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            callback(state);
            return fake.CreateTimer(callback, state, dueTime, period);
        }
    }

    /// <summary>An in-memory store with a fault injected into any of its methods.</summary>
    public sealed class FaultyStore(IIdempotencyStore inner) : IIdempotencyStore
    {
        public const string Message = "injected store fault";

        private int renewals;

        public Fault Begin { get; init; }

        public Fault Complete { get; init; }

        public Fault Release { get; init; }

        public Fault Renew { get; init; }

        public Action OnBegin { get; init; } = () => { };

        public Func<Exception> Thrown { get; init; } = () => new IOException(Message);

        public int Renewals => Volatile.Read(ref renewals);

        /// <summary>With <see cref="Renew"/> = <see cref="Fault.FaultsLater"/>: the renewal the test faults by hand.</summary>
        public TaskCompletionSource<bool>? PendingRenewal { get; private set; }

        public ValueTask<IdempotencyBegin> BeginAsync(string key, string? fingerprint, TimeSpan leaseDuration, CancellationToken cancellationToken)
        {
            OnBegin();
            return Begin switch
            {
                Fault.ReturnsNull => default,
                Fault.CompletedWithoutRecord => new(new IdempotencyBegin(IdempotencyBeginKind.Completed, Guid.Empty, null, null)),
                Fault.UnknownKind => new(new IdempotencyBegin((IdempotencyBeginKind)42, Guid.NewGuid(), null, null)),
                _ => Inject(Begin, () => inner.BeginAsync(key, fingerprint, leaseDuration, cancellationToken)),
            };
        }

        public ValueTask CompleteAsync(string key, Guid lease, IdempotencyRecord record, TimeSpan timeToLive, CancellationToken cancellationToken) =>
            new(Inject(Complete, async () => { await inner.CompleteAsync(key, lease, record, timeToLive, cancellationToken); return 0; }).AsTask());

        public ValueTask ReleaseAsync(string key, Guid lease, CancellationToken cancellationToken) =>
            new(Inject(Release, async () => { await inner.ReleaseAsync(key, lease, cancellationToken); return 0; }).AsTask());

        public ValueTask<bool> RenewAsync(string key, Guid lease, TimeSpan leaseDuration, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref renewals);
            if (Renew == Fault.FaultsLater)
            {
                PendingRenewal = new TaskCompletionSource<bool>();
                return new(PendingRenewal.Task);
            }

            return Renew == Fault.ReportsLost ? new(false) : Inject(Renew, () => inner.RenewAsync(key, lease, leaseDuration, cancellationToken));
        }

        private ValueTask<T> Inject<T>(Fault fault, Func<ValueTask<T>> call) => fault switch
        {
            Fault.None => call(),
            Fault.Throws => throw Thrown(),
            Fault.Faulted => ValueTask.FromException<T>(Thrown()),
            _ => FaultLater<T>(),
        };

        private async ValueTask<T> FaultLater<T>()
        {
            await Task.Yield();
            throw Thrown();
        }
    }
}
