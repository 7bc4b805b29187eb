using LanguageExt;
using LanguageExt.Common;
using Resilience.Functional.Stores;

namespace Resilience.Functional;

/// <summary>The idempotency combinator.</summary>
public static class IdempotencyExtensions
{
    /// <summary>
    /// Runs <paramref name="operation"/> at most once per <paramref name="key"/> (within the policy's TTL):
    /// the first call runs it and stores a success or a permanent error; a later call replays the stored outcome
    /// (<see cref="Idempotent{T}.IsReplay"/>, or a <see cref="ReplayedError"/>); a call while the first is running gets
    /// an <see cref="IdempotencyConflictError"/>; the same key with another fingerprint an
    /// <see cref="IdempotencyFingerprintMismatchError"/>; an invalid key an <see cref="InvalidIdempotencyKeyError"/>.
    /// While the operation runs its lease is renewed every third of <see cref="IdempotencyOptions.LeaseDuration"/>.
    /// An ambiguous failure (the caller's cancellation or a transient error once the operation was called; see
    /// <see cref="AmbiguousFailureMode"/>) stores nothing and, by default, holds the key until the lease runs out, so
    /// a duplicate gets a conflict instead of running the effect twice (<see cref="IdempotencyOptions.OnAmbiguousFailure"/>).
    /// A store that cannot claim the key gives an <see cref="IdempotencyStoreUnavailableError"/> and the operation does
    /// not run.
    /// </summary>
    /// <typeparam name="T">The type of the success value; the serializer must round-trip it.</typeparam>
    /// <param name="operation">The operation with the side effect.</param>
    /// <param name="policy">The store and settings.</param>
    /// <param name="key">The client's idempotency key, at most <see cref="IdempotencyGuard.MaxKeyLength"/> characters.</param>
    /// <param name="fingerprint">A fingerprint of the request (e.g. a hash of its body), or null not to compare requests.</param>
    /// <exception cref="ArgumentNullException"><paramref name="operation"/> or <paramref name="policy"/> is null.</exception>
    public static Func<CancellationToken, ValueTask<Either<Error, Idempotent<T>>>> WithIdempotency<T>(
        this Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        IdempotencyGuard policy,
        string key,
        string? fingerprint)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(policy);
        var telemetry = new TelemetryRecorder(policy.Options.Name, null, policy.Options.TimeProvider);
        return ct => ExecuteAsync(operation, policy, key, fingerprint, telemetry, ct);
    }

    /// <summary>
    /// <see cref="WithIdempotency{T}(Func{CancellationToken, ValueTask{Either{Error, T}}}, IdempotencyGuard, string, string)"/>
    /// without a fingerprint: every call with the key counts as the same request.
    /// </summary>
    /// <typeparam name="T">The type of the success value; the serializer must round-trip it.</typeparam>
    /// <param name="operation">The operation with the side effect.</param>
    /// <param name="policy">The store and settings.</param>
    /// <param name="key">The client's idempotency key.</param>
    /// <exception cref="ArgumentNullException"><paramref name="operation"/> or <paramref name="policy"/> is null.</exception>
    public static Func<CancellationToken, ValueTask<Either<Error, Idempotent<T>>>> WithIdempotency<T>(
        this Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        IdempotencyGuard policy,
        string key) =>
        operation.WithIdempotency(policy, key, null);

    private static async ValueTask<Either<Error, Idempotent<T>>> ExecuteAsync<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation, IdempotencyGuard policy, string key, string? fingerprint, TelemetryRecorder telemetry, CancellationToken ct)
    {
        if (ct.IsCancellationRequested)
        {
            return Fail<T>(CancelledError.Instance);
        }

        var invalid = IdempotencyGuard.ValidateKey(key);
        if (invalid.IsSome)
        {
            return Fail<T>((Error)invalid);
        }

        var options = policy.Options;
        var claim = await BeginAsync(policy.Store, key, fingerprint, options.LeaseDuration, ct).ConfigureAwait(false);
        if (claim.Error is { } failed)
        {
            return Fail<T>(failed);
        }

        var begin = claim.Begin!;
        if (begin.Kind != IdempotencyBeginKind.Started)
        {
            return !string.Equals(begin.Fingerprint, fingerprint, StringComparison.Ordinal)
                ? Fail<T>(new IdempotencyFingerprintMismatchError(key))
                : begin.Kind == IdempotencyBeginKind.InFlight
                    ? Reported(telemetry, IdempotencyTelemetry.Conflict, Fail<T>(new IdempotencyConflictError(key, options.ConflictRetryAfter)))
                    : Reported(telemetry, IdempotencyTelemetry.Replayed, Replay<T>(begin.Record!, options.Serializer));
        }

        if (ct.IsCancellationRequested)
        {
            // Claimed but not called: nothing can have happened, so the key is freed whatever the mode.
            await TryReleaseAsync(policy.Store, key, begin.Lease).ConfigureAwait(false);
            return Fail<T>(CancelledError.Instance);
        }

        var pending = operation.Run(ct);
        var outcome = pending.IsCompletedSuccessfully
            ? pending.Result
            : await RenewingWhileAsync(pending, policy, key, begin.Lease).ConfigureAwait(false);
        return await FinishAsync(outcome, policy, key, fingerprint, begin.Lease).ConfigureAwait(false);
    }

    // Every store answer is untrusted: a throw, a faulted task or an answer outside the protocol fails closed.
    private static async ValueTask<(IdempotencyBegin? Begin, Error? Error)> BeginAsync(
        IIdempotencyStore store, string key, string? fingerprint, TimeSpan leaseDuration, CancellationToken ct)
    {
        try
        {
            var begin = await store.BeginAsync(key, fingerprint, leaseDuration, ct).ConfigureAwait(false);
            return begin switch
            {
                null => (null, new IdempotencyStoreUnavailableError(key, Error.New("BeginAsync returned null."))),
                { Kind: IdempotencyBeginKind.Started or IdempotencyBeginKind.InFlight } => (begin, null),
                { Kind: IdempotencyBeginKind.Completed, Record: { Payload: not null } } => (begin, null),
                _ => (null, new IdempotencyStoreUnavailableError(key, Error.New($"BeginAsync returned {begin.Kind} without a usable record."))),
            };
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return (null, CancelledError.Instance);
        }
        catch (Exception ex)
        {
            return (null, new IdempotencyStoreUnavailableError(key, Error.New(ex)));
        }
    }

    private static async ValueTask<Either<Error, T>> RenewingWhileAsync<T>(
        ValueTask<Either<Error, T>> pending, IdempotencyGuard policy, string key, Guid lease)
    {
        using var renewal = new IdempotencyLeaseRenewal(policy.Store, key, lease, policy.Options);
        return await pending.ConfigureAwait(false);
    }

    private static async ValueTask<Either<Error, Idempotent<T>>> FinishAsync<T>(
        Either<Error, T> outcome, IdempotencyGuard policy, string key, string? fingerprint, Guid lease)
    {
        var options = policy.Options;
        var store = policy.Store;

        // The effect may have happened: finishing must not depend on the caller's token, and the outcome is real
        // whatever the store or the serializer does.
        var result = outcome.Map(v => new Idempotent<T>(v, false));
        var record = TryRecord(outcome, fingerprint, options);
        if (record is not null && await TryCompleteAsync(store, key, lease, record, options.TimeToLive).ConfigureAwait(false))
        {
            return result;
        }

        // Ambiguous, or a known outcome that could not be recorded: a held key runs out with its lease.
        if (options.OnAmbiguousFailure == AmbiguousFailureMode.ReleaseKey)
        {
            await TryReleaseAsync(store, key, lease).ConfigureAwait(false);
        }

        return result;
    }

    // The record to store, or null when the outcome is ambiguous or the serializer cannot handle it.
    private static IdempotencyRecord? TryRecord<T>(Either<Error, T> outcome, string? fingerprint, IdempotencyOptions options)
    {
        try
        {
            return outcome.Match(
                Right: v => new IdempotencyRecord(fingerprint, true, options.Serializer.SerializeValue(v)),
                Left: e => IsAmbiguous(e, options.Classifier)
                    ? null
                    : new IdempotencyRecord(fingerprint, false, options.Serializer.SerializeError(e)));
        }
        catch (Exception)
        {
            return null;
        }
    }

    // Whether the effect may have happened without its outcome being known. An exhausted retry or hedge is permanent
    // for retrying, but any of its attempts may have been the one that took effect: it is as ambiguous as its attempts.
    private static bool IsAmbiguous(Error error, ErrorClassifier classifier) =>
        error.IsCancellation()
        || classifier.IsTransient(error)
        || error switch
        {
            RetriesExhaustedError retries => retries.Attempts.Exists(e => IsAmbiguous(e, classifier)),
            HedgingExhaustedError hedges => hedges.Attempts.Exists(e => IsAmbiguous(e, classifier)),
            RetryBudgetExhaustedError refused => IsAmbiguous(refused.Failure, classifier),
            _ => false,
        };

    private static async ValueTask<bool> TryCompleteAsync(IIdempotencyStore store, string key, Guid lease, IdempotencyRecord record, TimeSpan timeToLive)
    {
        try
        {
            await store.CompleteAsync(key, lease, record, timeToLive, CancellationToken.None).ConfigureAwait(false);
            return true;
        }
        catch (Exception)
        {
            return false;
        }
    }

    private static async ValueTask TryReleaseAsync(IIdempotencyStore store, string key, Guid lease)
    {
        try
        {
            await store.ReleaseAsync(key, lease, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Nothing more to do: the lease expires on its own.
        }
    }

    private static Either<Error, Idempotent<T>> Reported<T>(TelemetryRecorder telemetry, string @event, Either<Error, Idempotent<T>> outcome)
    {
        telemetry.Occurred(@event);
        return outcome;
    }

    private static Either<Error, Idempotent<T>> Replay<T>(IdempotencyRecord record, IIdempotencySerializer serializer)
    {
        try
        {
            return record.IsSuccess
                ? Either<Error, Idempotent<T>>.Right(new Idempotent<T>(serializer.DeserializeValue<T>(record.Payload), true))
                : Fail<T>(new ReplayedError(serializer.DeserializeError(record.Payload)));
        }
        catch (Exception ex)
        {
            return Fail<T>(Error.New(ex));
        }
    }

    private static Either<Error, Idempotent<T>> Fail<T>(Error error) => Either<Error, Idempotent<T>>.Left(error);
}
