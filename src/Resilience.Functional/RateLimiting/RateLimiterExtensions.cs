using System.Runtime.CompilerServices;
using LanguageExt;
using LanguageExt.Common;
using Resilience.Functional.Stores;

namespace Resilience.Functional;

/// <summary>The rate-limiter combinators over a <see cref="TokenBucket"/> (the package Resilience.Functional.RateLimiting adapts any <c>System.Threading.RateLimiting.RateLimiter</c>).</summary>
/// <remarks>Both report under <see cref="TokenBucketOptions.Name"/> (docs/telemetry.md#rate-limiting).</remarks>
public static class RateLimiterExtensions
{
    /// <summary>
    /// Runs <paramref name="operation"/> when <paramref name="bucket"/> has a token, and otherwise rejects at once
    /// with a <see cref="RateLimitedError"/> whose retry-after says when the next token comes.
    /// </summary>
    /// <typeparam name="T">The type of the success value.</typeparam>
    /// <param name="operation">The operation to limit.</param>
    /// <param name="bucket">The shared bucket.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Func<CancellationToken, ValueTask<Either<Error, T>>> WithRateLimiter<T>(
        this Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        TokenBucket bucket)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(bucket);
        return Apply(operation, bucket, TimeSpan.Zero, bucket.Options.Name);
    }

    /// <summary>
    /// Runs <paramref name="operation"/> when <paramref name="bucket"/> has a token, waits for the next token in
    /// arrival order if it comes within <paramref name="maxWait"/> (queue-based load levelling), and otherwise
    /// rejects at once with a <see cref="RateLimitedError"/> carrying the retry-after. A caller who cancels while
    /// waiting gets a <see cref="CancelledError"/>; its token goes back to the bucket unless a later caller has
    /// reserved one since (giving it back then would let the next arrival share that caller's slot).
    /// </summary>
    /// <typeparam name="T">The type of the success value.</typeparam>
    /// <param name="operation">The operation to limit.</param>
    /// <param name="bucket">The shared bucket.</param>
    /// <param name="maxWait">The longest wait for a token, on the bucket's clock. In (0, about 49.7 days].</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxWait"/> is out of range.</exception>
    public static Func<CancellationToken, ValueTask<Either<Error, T>>> WithRateLimiter<T>(
        this Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        TokenBucket bucket,
        TimeSpan maxWait)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(bucket);
        OptionGuards.PositiveDelay(maxWait, nameof(maxWait));
        return Apply(operation, bucket, maxWait, bucket.Options.Name);
    }

    /// <summary>
    /// Runs <paramref name="operation"/> when <paramref name="limiter"/> gives a permit of
    /// <paramref name="partitionKey"/>, and otherwise returns the limiter's refusal (a <see cref="RateLimitedError"/>
    /// with its retry-after) without running it: the same combinator for a limit shared by every instance of a service
    /// (docs/rate-limiting.md). Reports under <see cref="IPartitionedRateLimiter.Name"/>.
    /// </summary>
    /// <typeparam name="T">The type of the success value.</typeparam>
    /// <param name="operation">The operation to limit.</param>
    /// <param name="limiter">The shared, partitioned limiter.</param>
    /// <param name="partitionKey">The partition (client, tenant) whose limit applies.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Func<CancellationToken, ValueTask<Either<Error, T>>> WithRateLimiter<T>(
        this Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        IPartitionedRateLimiter limiter,
        string partitionKey)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(limiter);
        ArgumentNullException.ThrowIfNull(partitionKey);
        var telemetry = new TelemetryRecorder(OptionGuards.Name(limiter.Name, nameof(limiter.Name)), null, TimeProvider.System);
        Func<CancellationToken, ValueTask<Either<Error, Unit>>> acquire = ct => limiter.AcquireAsync(partitionKey, ct);
        Func<CancellationToken, ValueTask<Either<Error, T>>> layer = ct => Execute(operation, acquire, telemetry, ct);
        return ct => telemetry.Executions ? telemetry.Measure(layer, ct) : Execute(operation, acquire, telemetry, ct);
    }

    /// <summary>The rate limiter (no wait when <paramref name="maxWait"/> is zero) reporting under <paramref name="name"/> (a policy's name), inside <paramref name="pipeline"/> if any.</summary>
    internal static Func<CancellationToken, ValueTask<Either<Error, T>>> Apply<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        TokenBucket bucket,
        TimeSpan maxWait,
        string name,
        string? pipeline = null)
    {
        var telemetry = new TelemetryRecorder(name, pipeline, bucket.Options.TimeProvider);
        Func<CancellationToken, ValueTask<Either<Error, T>>> layer = ct => Execute(operation, bucket, maxWait, telemetry, ct);
        return ct => telemetry.Executions ? telemetry.Measure(layer, ct) : Execute(operation, bucket, maxWait, telemetry, ct);
    }

    // A token at hand is the whole success path; everything else is out of line (docs/architecture.md#hot-paths).
    internal static ValueTask<Either<Error, T>> Execute<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        TokenBucket bucket,
        TimeSpan maxWait,
        TelemetryRecorder telemetry,
        CancellationToken ct) =>
        !ct.IsCancellationRequested && bucket.TryTake()
            ? Kernel<CallSite.RateLimiter>.RunChecked(operation, ct)
            : Admit(operation, bucket, maxWait, telemetry, ct);

    // A cancelled caller, a refusal, or a wait for a reserved token (or a token that came since the first look).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ValueTask<Either<Error, T>> Admit<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        TokenBucket bucket,
        TimeSpan maxWait,
        TelemetryRecorder telemetry,
        CancellationToken ct)
    {
        if (ct.IsCancellationRequested)
        {
            return Outcome.Cancelled<T>();
        }

        if (!bucket.TryReserve(maxWait, out var wait, out var reservation))
        {
            telemetry.Rejected(RateLimiterTelemetry.RateLimited);
            return Outcome.Failure<T>(new RateLimitedError(wait));
        }

        if (wait == TimeSpan.Zero)
        {
            return Kernel<CallSite.RateLimiter>.RunChecked(operation, ct);
        }

        // A wait that would end at or after the deadline of the timeout the call runs in is not worth its token.
        if (Deadlines.Remaining(ct) is { } left && wait >= left)
        {
            bucket.Refund(reservation);
            telemetry.Rejected(RateLimiterTelemetry.RateLimited);
            return Outcome.Failure<T>(new RateLimitedError(wait));
        }

        return WaitThenRun(operation, bucket, wait, reservation, ct);
    }

    // The permit is taken by the kernel like any operation, so a throwing or faulting limiter follows the run rules.
    private static ValueTask<Either<Error, T>> Execute<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        Func<CancellationToken, ValueTask<Either<Error, Unit>>> acquire,
        TelemetryRecorder telemetry,
        CancellationToken ct)
    {
        var pending = Kernel<CallSite.RateLimiter>.Start(acquire, ct);
        return Kernel.TryTake(pending, out var permit)
            ? RunIfPermitted(operation, permit, telemetry, ct)
            : AwaitPermit(operation, Kernel.Settle(pending, ct), telemetry, ct);
    }

    private static async ValueTask<Either<Error, T>> AwaitPermit<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        ValueTask<Either<Error, Unit>> settling,
        TelemetryRecorder telemetry,
        CancellationToken ct) =>
        await RunIfPermitted(operation, await settling.ConfigureAwait(false), telemetry, ct).ConfigureAwait(false);

    private static ValueTask<Either<Error, T>> RunIfPermitted<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        Either<Error, Unit> permit,
        TelemetryRecorder telemetry,
        CancellationToken ct)
    {
        if (permit.IsRight)
        {
            return operation.Run(ct);
        }

        var refusal = Kernel.ErrorOf(permit);
        if (!refusal.IsCancellation())
        {
            telemetry.Rejected(RateLimiterTelemetry.RateLimited);
        }

        return Outcome.Failure<T>(refusal);
    }

    private static async ValueTask<Either<Error, T>> WaitThenRun<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        TokenBucket bucket,
        TimeSpan wait,
        TokenReservation reservation,
        CancellationToken ct)
    {
        if (!await Waits.Delay(bucket.Options.TimeProvider, wait, ct).ConfigureAwait(false))
        {
            bucket.Refund(reservation);
            return Either<Error, T>.Left(CancelledError.Instance);
        }

        return await operation.Run(ct).ConfigureAwait(false);
    }
}
