using Microsoft.Extensions.Time.Testing;
using Resilience.Functional.Stores;

namespace Resilience.Functional.Tests;

public class IdempotencyTests
{
    public sealed record Receipt(int Id, string Item);

    private readonly FakeTimeProvider time = new();

    private IdempotencyGuard Policy(int maxEntries = 100) =>
        new(new InMemoryIdempotencyStore(maxEntries, time), new IdempotencyOptions { TimeToLive = TimeSpan.FromHours(1) });

    // An effect that counts its runs and returns the next receipt.
    private sealed class Effect
    {
        private int runs;

        public int Runs => Volatile.Read(ref runs);

        public Func<CancellationToken, ValueTask<Either<Error, Receipt>>> Op() =>
            Functional.Op.FromFunc(_ => new Receipt(Interlocked.Increment(ref runs), "book"));
    }

    private static async Task<Either<Error, Idempotent<T>>> Run<T>(Func<CancellationToken, ValueTask<Either<Error, Idempotent<T>>>> op) =>
        await op.Run(CancellationToken.None);

    private static T Right<T>(Either<Error, T> e) => e.Match(v => v, err => throw new Xunit.Sdk.XunitException(err.Message));

    private static Error Left<T>(Either<Error, T> e) => e.Match(_ => throw new Xunit.Sdk.XunitException("expected an error"), err => err);

    [Fact]
    public async Task A_completed_key_replays_the_stored_value_without_running_again()
    {
        var policy = Policy();
        var effect = new Effect();

        var first = Right(await Run(effect.Op().WithIdempotency(policy, "k1")));
        var second = Right(await Run(effect.Op().WithIdempotency(policy, "k1")));
        var other = Right(await Run(effect.Op().WithIdempotency(policy, "k2")));

        Assert.Equal(new Idempotent<Receipt>(new Receipt(1, "book"), false), first);
        Assert.Equal(new Idempotent<Receipt>(new Receipt(1, "book"), true), second);
        Assert.Equal(new Receipt(2, "book"), other.Value);
        Assert.Equal(2, effect.Runs);
    }

    [Fact]
    public async Task A_permanent_error_is_stored_and_replayed_as_a_replayed_error()
    {
        var policy = Policy();
        var runs = 0;
        var op = Op.FromFunc<int>(_ => ++runs).Bind(_ => Op.Fail<int>(new HttpStatusError(400)));

        var first = Left(await Run(op.WithIdempotency(policy, "k")));
        var second = Left(await Run(op.WithIdempotency(policy, "k")));

        Assert.IsType<HttpStatusError>(first);
        var replayed = Assert.IsType<ReplayedError>(second);
        Assert.Equal(first.Code, replayed.Code);
        Assert.Equal(first.Message, replayed.Message);
        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task In_release_mode_a_transient_error_or_cancellation_frees_the_key()
    {
        var policy = new IdempotencyGuard(
            new InMemoryIdempotencyStore(100, time),
            new IdempotencyOptions { OnAmbiguousFailure = AmbiguousFailureMode.ReleaseKey, TimeProvider = time });
        var runs = 0;
        var transient = Op.FromFunc<int>(_ => ++runs).Bind(_ => Op.Fail<int>(new HttpStatusError(503)));
        using var cts = new CancellationTokenSource();
        var cancelling = Op.FromFunc<int>(ct => { runs++; cts.Cancel(); ct.ThrowIfCancellationRequested(); return 0; });

        Assert.IsType<HttpStatusError>(Left(await Run(transient.WithIdempotency(policy, "k"))));
        Assert.IsType<CancelledError>(Left(await cancelling.WithIdempotency(policy, "k").Run(cts.Token)));
        var third = Right(await Run(Op.Succeed(7).WithIdempotency(policy, "k")));

        Assert.Equal(2, runs);
        Assert.Equal(new Idempotent<int>(7, false), third);
    }

    [Fact]
    public async Task Cancelled_before_the_operation_starts_stores_nothing()
    {
        var policy = Policy();
        var effect = new Effect();

        var outcome = await effect.Op().WithIdempotency(policy, "k").Run(new CancellationToken(true));

        Assert.IsType<CancelledError>(Left(outcome));
        Assert.Equal(0, effect.Runs);
        Assert.Equal(0, ((InMemoryIdempotencyStore)policy.Store).Count);
    }

    [Fact]
    public async Task The_same_key_with_another_fingerprint_is_a_mismatch_completed_or_in_flight()
    {
        var policy = Policy();
        var effect = new Effect();
        var gate = new TaskCompletionSource<Either<Error, int>>();
        var held = Op.Of<int>(_ => new ValueTask<Either<Error, int>>(gate.Task));

        Right(await Run(effect.Op().WithIdempotency(policy, "done", "body-a")));
        var completedMismatch = Left(await Run(effect.Op().WithIdempotency(policy, "done", "body-b")));
        var inFlight = held.WithIdempotency(policy, "busy", "body-a").Run(CancellationToken.None);
        var inFlightMismatch = Left(await Run(effect.Op().WithIdempotency(policy, "busy", "body-b")));
        var inFlightConflict = Left(await Run(effect.Op().WithIdempotency(policy, "busy", "body-a")));
        gate.SetResult(1);

        Assert.Equal("done", Assert.IsType<IdempotencyFingerprintMismatchError>(completedMismatch).Key);
        Assert.IsType<IdempotencyFingerprintMismatchError>(inFlightMismatch);
        var conflict = Assert.IsType<IdempotencyConflictError>(inFlightConflict);
        // Compared as TimeSpan: Option equality makes LanguageExt scan assemblies for an Eq instance (seconds, once).
        Assert.Equal(TimeSpan.FromSeconds(1), (TimeSpan)conflict.RetryAfterHint());
        Assert.True(ErrorClassifier.Default.IsTransient(conflict));
        Assert.Equal(new Idempotent<int>(1, false), Right(await inFlight));
        Assert.Equal(1, effect.Runs);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public async Task An_empty_key_is_an_error_value_and_nothing_runs(string? key)
    {
        var effect = new Effect();
        var error = Left(await Run(effect.Op().WithIdempotency(Policy(), key!)));
        Assert.IsType<InvalidIdempotencyKeyError>(error);
        Assert.False(ErrorClassifier.Default.IsTransient(error));
        Assert.Equal(0, effect.Runs);
    }

    [Fact]
    public async Task A_key_over_255_characters_is_an_error_value_and_255_is_fine()
    {
        var effect = new Effect();
        var policy = Policy();
        var error = Left(await Run(effect.Op().WithIdempotency(policy, new string('k', 256))));
        Assert.Contains("256", Assert.IsType<InvalidIdempotencyKeyError>(error).Message);
        Assert.Equal(0, effect.Runs);
        Right(await Run(effect.Op().WithIdempotency(policy, new string('k', 255))));
        Assert.Equal(1, effect.Runs);
    }

    [Fact]
    public async Task Stored_outcomes_expire_after_the_ttl()
    {
        var policy = Policy();
        var effect = new Effect();

        Right(await Run(effect.Op().WithIdempotency(policy, "k")));
        time.Advance(TimeSpan.FromMinutes(59));
        Assert.True(Right(await Run(effect.Op().WithIdempotency(policy, "k"))).IsReplay);
        time.Advance(TimeSpan.FromMinutes(1));
        var afterExpiry = Right(await Run(effect.Op().WithIdempotency(policy, "k")));

        Assert.False(afterExpiry.IsReplay);
        Assert.Equal(2, effect.Runs);
    }

    [Fact]
    public async Task A_failing_store_returns_an_error_and_does_not_run_the_operation()
    {
        var effect = new Effect();
        var policy = new IdempotencyGuard(new ThrowingStore());

        var error = Left(await Run(effect.Op().WithIdempotency(policy, "k")));

        var unavailable = Assert.IsType<IdempotencyStoreUnavailableError>(error);
        Assert.IsType<IOException>(unavailable.Cause.Exception.Case);
        Assert.True(ErrorClassifier.Default.IsTransient(unavailable));
        Assert.Equal(0, effect.Runs);
    }

    private sealed class ThrowingStore : IIdempotencyStore
    {
        public ValueTask<IdempotencyBegin> BeginAsync(string key, string? fingerprint, TimeSpan leaseDuration, CancellationToken cancellationToken) =>
            throw new IOException("store down");

        public ValueTask CompleteAsync(string key, Guid lease, IdempotencyRecord record, TimeSpan timeToLive, CancellationToken cancellationToken) =>
            throw new IOException("store down");

        public ValueTask ReleaseAsync(string key, Guid lease, CancellationToken cancellationToken) => throw new IOException("store down");

        public ValueTask<bool> RenewAsync(string key, Guid lease, TimeSpan leaseDuration, CancellationToken cancellationToken) =>
            throw new IOException("store down");
    }

    [Fact]
    public void Bad_configuration_fails_at_construction_naming_the_property()
    {
        Assert.Equal("TimeToLive", Assert.Throws<ArgumentOutOfRangeException>(() => new IdempotencyOptions { TimeToLive = TimeSpan.Zero }).ParamName);
        Assert.Equal("LeaseDuration", Assert.Throws<ArgumentOutOfRangeException>(() => new IdempotencyOptions { LeaseDuration = TimeSpan.FromSeconds(-1) }).ParamName);
        Assert.Contains("1 millisecond to 30 days", Assert.Throws<ArgumentOutOfRangeException>(() => new IdempotencyOptions { LeaseDuration = TimeSpan.FromTicks(9_999) }).Message);
        Assert.Equal("LeaseDuration", Assert.Throws<ArgumentOutOfRangeException>(() => new IdempotencyOptions { LeaseDuration = TimeSpan.FromDays(30) + TimeSpan.FromTicks(1) }).ParamName);
        Assert.Equal(TimeSpan.FromDays(30), new IdempotencyOptions { LeaseDuration = TimeSpan.FromDays(30) }.LeaseDuration);
        Assert.Equal(TimeSpan.FromMilliseconds(1), new IdempotencyOptions { LeaseDuration = TimeSpan.FromMilliseconds(1) }.LeaseDuration);
        Assert.Equal("OnAmbiguousFailure", Assert.Throws<ArgumentOutOfRangeException>(() => new IdempotencyOptions { OnAmbiguousFailure = (AmbiguousFailureMode)7 }).ParamName);
        Assert.Equal(AmbiguousFailureMode.HoldKey, IdempotencyOptions.Default.OnAmbiguousFailure);
        Assert.Equal("TimeProvider", Assert.Throws<ArgumentNullException>(() => new IdempotencyOptions { TimeProvider = null! }).ParamName);
        Assert.Equal("ConflictRetryAfter", Assert.Throws<ArgumentOutOfRangeException>(() => new IdempotencyOptions { ConflictRetryAfter = TimeSpan.FromSeconds(-1) }).ParamName);
        Assert.Equal("Serializer", Assert.Throws<ArgumentNullException>(() => new IdempotencyOptions { Serializer = null! }).ParamName);
        Assert.Equal("Classifier", Assert.Throws<ArgumentNullException>(() => new IdempotencyOptions { Classifier = null! }).ParamName);
        Assert.Equal("maxEntries", Assert.Throws<ArgumentOutOfRangeException>(() => new InMemoryIdempotencyStore(0)).ParamName);
        Assert.Equal("store", Assert.Throws<ArgumentNullException>(() => new IdempotencyGuard(null!)).ParamName);
    }
    [Fact]
    public void Bad_configuration_messages_state_the_allowed_values()
    {
        Assert.Contains("TimeToLive must be positive", Assert.Throws<ArgumentOutOfRangeException>(() => new IdempotencyOptions { TimeToLive = TimeSpan.Zero }).Message);
        Assert.Contains("zero or more", Assert.Throws<ArgumentOutOfRangeException>(() => new IdempotencyOptions { ConflictRetryAfter = TimeSpan.FromSeconds(-1) }).Message);
        Assert.Contains("HoldKey or ReleaseKey", Assert.Throws<ArgumentOutOfRangeException>(() => new IdempotencyOptions { OnAmbiguousFailure = (AmbiguousFailureMode)7 }).Message);
    }

    [Fact]
    public void A_null_operation_or_policy_is_rejected_with_its_name()
    {
        var op = new Effect().Op();

        Assert.Equal("operation", Assert.Throws<ArgumentNullException>(() => ((Func<CancellationToken, ValueTask<Either<Error, Receipt>>>)null!).WithIdempotency(Policy(), "k")).ParamName);
        Assert.Equal("policy", Assert.Throws<ArgumentNullException>(() => op.WithIdempotency(null!, "k")).ParamName);
    }

    [Fact]
    public async Task Rejections_say_which_key_and_why_in_their_message()
    {
        var policy = new IdempotencyGuard(new InMemoryIdempotencyStore(10, time), new IdempotencyOptions { ConflictRetryAfter = TimeSpan.FromSeconds(3) });
        var gate = new TaskCompletionSource<Either<Error, int>>();
        var running = Op.Of<int>(_ => new ValueTask<Either<Error, int>>(gate.Task)).WithIdempotency(policy, "order-7", "body-1").Run(CancellationToken.None);

        var conflict = Assert.IsType<IdempotencyConflictError>(Left(await Run(Op.Succeed(1).WithIdempotency(policy, "order-7", "body-1"))));
        var mismatch = Assert.IsType<IdempotencyFingerprintMismatchError>(Left(await Run(Op.Succeed(1).WithIdempotency(policy, "order-7", "body-2"))));
        var invalid = Assert.IsType<InvalidIdempotencyKeyError>(Left(await Run(Op.Succeed(1).WithIdempotency(policy, " "))));
        gate.SetResult(1);
        await running;

        Assert.Equal("A request with idempotency key 'order-7' is already in progress; retry after 00:00:03.", conflict.Message);
        Assert.Equal("Idempotency key 'order-7' was already used for a different request.", mismatch.Message);
        Assert.Contains("null, empty or white space", invalid.Message);
    }

    [Fact]
    public async Task A_caller_cancelled_before_the_call_gets_cancelled_even_for_a_completed_key()
    {
        var policy = Policy();
        var effect = new Effect();
        Right(await Run(effect.Op().WithIdempotency(policy, "k")));
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        // Invoked directly, as any operation can be, not through Run (which checks the token first).
        var outcome = await effect.Op().WithIdempotency(policy, "k")(cts.Token);
        var invalidKey = await effect.Op().WithIdempotency(policy, "")(cts.Token);

        Assert.IsType<CancelledError>(Left(outcome));
        Assert.IsType<CancelledError>(Left(invalidKey));
        Assert.Equal(1, effect.Runs);
    }

    [Fact]
    public async Task A_stored_value_that_cannot_be_read_back_is_an_error_value_and_nothing_runs()
    {
        var policy = Policy();
        var effect = new Effect();
        Right(await Run(effect.Op().WithIdempotency(policy, "k")));

        // The same key reused for another result type: the stored receipt does not read back as a number.
        var outcome = await Run(Op.Succeed(5).WithIdempotency(policy, "k"));

        Assert.IsType<System.Text.Json.JsonException>(Left(outcome).Exception.Case);
        Assert.Equal(1, effect.Runs);
    }
}
