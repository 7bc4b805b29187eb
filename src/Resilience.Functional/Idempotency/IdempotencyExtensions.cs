using LanguageExt;
using LanguageExt.Common;

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
    /// Transient errors and the caller's cancellation store nothing and release the key. A store failure is returned
    /// as an error without running the operation.
    /// </summary>
    /// <typeparam name="T">The type of the success value; the serializer must round-trip it.</typeparam>
    /// <param name="operation">The operation with the side effect.</param>
    /// <param name="policy">The store and settings.</param>
    /// <param name="key">The client's idempotency key, at most <see cref="IdempotencyPolicy.MaxKeyLength"/> characters.</param>
    /// <param name="fingerprint">A fingerprint of the request (e.g. a hash of its body), or null not to compare requests.</param>
    /// <exception cref="ArgumentNullException"><paramref name="operation"/> or <paramref name="policy"/> is null.</exception>
    public static Func<CancellationToken, ValueTask<Either<Error, Idempotent<T>>>> WithIdempotency<T>(
        this Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        IdempotencyPolicy policy,
        string key,
        string? fingerprint)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(policy);
        return ct => ExecuteAsync(operation, policy, key, fingerprint, ct);
    }

    /// <summary>
    /// <see cref="WithIdempotency{T}(Func{CancellationToken, ValueTask{Either{Error, T}}}, IdempotencyPolicy, string, string)"/>
    /// without a fingerprint: every call with the key counts as the same request.
    /// </summary>
    /// <typeparam name="T">The type of the success value; the serializer must round-trip it.</typeparam>
    /// <param name="operation">The operation with the side effect.</param>
    /// <param name="policy">The store and settings.</param>
    /// <param name="key">The client's idempotency key.</param>
    /// <exception cref="ArgumentNullException"><paramref name="operation"/> or <paramref name="policy"/> is null.</exception>
    public static Func<CancellationToken, ValueTask<Either<Error, Idempotent<T>>>> WithIdempotency<T>(
        this Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        IdempotencyPolicy policy,
        string key) =>
        operation.WithIdempotency(policy, key, null);

    private static async ValueTask<Either<Error, Idempotent<T>>> ExecuteAsync<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation, IdempotencyPolicy policy, string key, string? fingerprint, CancellationToken ct)
    {
        if (ct.IsCancellationRequested)
        {
            return Fail<T>(CancelledError.Instance);
        }

        var invalid = IdempotencyPolicy.ValidateKey(key);
        if (invalid.IsSome)
        {
            return Fail<T>((Error)invalid);
        }

        var options = policy.Options;
        IdempotencyBegin begin;
        try
        {
            begin = await policy.Store.BeginAsync(key, fingerprint, options.LeaseDuration, ct).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            return Fail<T>(Outcome.FromException(ex, ct));
        }

        if (begin.Kind != IdempotencyBeginKind.Started)
        {
            return !string.Equals(begin.Fingerprint, fingerprint, StringComparison.Ordinal)
                ? Fail<T>(new IdempotencyFingerprintMismatchError(key))
                : begin.Kind == IdempotencyBeginKind.InFlight || begin.Record is null
                    ? Fail<T>(new IdempotencyConflictError(key, options.ConflictRetryAfter))
                    : Replay<T>(begin.Record, options.Serializer);
        }

        var outcome = await operation.Run(ct).ConfigureAwait(false);
        return await FinishAsync(outcome, policy, key, fingerprint, begin.Lease).ConfigureAwait(false);
    }

    private static async ValueTask<Either<Error, Idempotent<T>>> FinishAsync<T>(
        Either<Error, T> outcome, IdempotencyPolicy policy, string key, string? fingerprint, Guid lease)
    {
        var options = policy.Options;
        var store = policy.Store;

        // The effect may have happened: finishing must not depend on the caller's token.
        var result = outcome.Map(v => new Idempotent<T>(v, false));
        try
        {
            var record = outcome.Match(
                Right: v => new IdempotencyRecord(fingerprint, true, options.Serializer.SerializeValue(v)),
                Left: e => e.IsCancellation() || options.Classifier.IsTransient(e)
                    ? null
                    : new IdempotencyRecord(fingerprint, false, options.Serializer.SerializeError(e)));
            if (record is null)
            {
                await store.ReleaseAsync(key, lease, CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                await store.CompleteAsync(key, lease, record, options.TimeToLive, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception)
        {
            // The outcome is real whatever the store says. A value the serializer cannot handle frees the key
            // (a programming error better surfaced by a second run than hidden); a store failure leaves the lease to expire.
            await TryReleaseAsync(store, key, lease).ConfigureAwait(false);
        }

        return result;
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
