using System.Runtime.CompilerServices;
using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>
/// Runs operations under one timeout policy: the hot path is synchronous and allocation-free. A call whose caller's
/// token can be cancelled takes a lease (its own token, linked to the caller's) from the calling thread's spares
/// (<see cref="LeaseSpares"/>) before the shared pool; on the system clock, a call whose caller's token cannot be
/// cancelled, or is an outer timeout's shared one, needs no token of its own and joins the open epoch of
/// <see cref="SharedDeadlines"/> instead.
/// </summary>
internal sealed class TimeoutRunner
{
    private readonly TokenSourcePool<TimeoutLease> pool;
    private readonly TimeoutError timeoutError;
    private readonly bool pessimistic;
    private readonly TelemetryRecorder telemetry;
    private readonly SharedDeadlines? shared;

    /// <summary>
    /// A runner of <paramref name="options"/>: cooperative timeouts on the system clock share deadlines (its precision
    /// is a lease's there); on any other clock every call has its own, exact deadline.
    /// </summary>
    public TimeoutRunner(TimeoutOptions options, TelemetryRecorder telemetry)
        : this(options, telemetry, sharesDeadlines: ReferenceEquals(options.TimeProvider, TimeProvider.System))
    {
    }

    /// <summary>A runner whose cooperative calls share deadlines (<see cref="SharedDeadlines"/>) when <paramref name="sharesDeadlines"/>.</summary>
    internal TimeoutRunner(TimeoutOptions options, TelemetryRecorder telemetry, bool sharesDeadlines)
    {
        pool = new(() => new TimeoutLease(options.TimeProvider, options.Timeout) { Home = pool });
        timeoutError = new(options.Timeout);
        pessimistic = options.Mode == TimeoutMode.Pessimistic;
        this.telemetry = telemetry;
        shared = sharesDeadlines && !pessimistic ? new SharedDeadlines(options.TimeProvider, options.Timeout) : null;
    }

    // Only the choice is inlined into a caller: each path keeps its own frame, so a leased call zeroes none of the
    // shared path's temporaries (docs/architecture.md#hot-paths).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ValueTask<Either<Error, T>> Execute<T>(Func<CancellationToken, ValueTask<Either<Error, T>>> operation, CancellationToken ct) =>
        shared?.Join(ct) is { } epoch ? ExecuteShared(operation, epoch, ct) : ExecuteLeased(operation, ct);

    // The caller's token is one no call has alone: none, or an outer timeout's epoch, whose cancellation cancels this
    // epoch's token too.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private ValueTask<Either<Error, T>> ExecuteShared<T>(Func<CancellationToken, ValueTask<Either<Error, T>>> operation, TimeoutEpoch epoch, CancellationToken ct)
    {
        if (ct.IsCancellationRequested)
        {
            return Outcome.Cancelled<T>();
        }

        var pending = Kernel<CallSite.Timeout>.Call(operation, epoch.Token);
        return Kernel.TryTake(pending, out var result)
            ? new(Complete(epoch.Ended, result, ct))
            : AwaitShared(pending, epoch, ct);
    }

    private async ValueTask<Either<Error, T>> AwaitShared<T>(ValueTask<Either<Error, T>> pending, TimeoutEpoch epoch, CancellationToken ct)
    {
        var result = await Kernel.Settle(pending, epoch.Token).ConfigureAwait(false);
        return Complete(epoch.Ended, result, ct);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private ValueTask<Either<Error, T>> ExecuteLeased<T>(Func<CancellationToken, ValueTask<Either<Error, T>>> operation, CancellationToken ct)
    {
        if (ct.IsCancellationRequested)
        {
            return Outcome.Cancelled<T>();
        }

        var lease = LeaseSpares.Rent(pool);
        lease.Arm(ct);
        var pending = Kernel<CallSite.Timeout>.Call(operation, lease.Token);
        if (Kernel.TryTake(pending, out var result))
        {
            return new(Complete(lease.Release(pool, onThread: true), result, ct));
        }

        return pessimistic ? AwaitPessimistic(pending, lease, ct) : AwaitCooperative(pending, lease, ct);
    }

    private Either<Error, T> Complete<T>(int ended, Either<Error, T> result, CancellationToken ct) =>
        result.IsRight ? result : Either<Error, T>.Left(Classify(ended, (Error)result, ct));

    // The caller's cancellation wins; a cancellation-shaped failure after the deadline is the timeout's doing;
    // any other failure is the operation's own and passes through.
    private Error Classify(int ended, Error error, CancellationToken ct) =>
        ct.IsCancellationRequested ? CancelledError.Instance
        : ended == TimeoutLease.TimedOut && (error.IsCancellation() || error.Is<OperationCanceledException>()) ? TimedOut()
        : error;

    private TimeoutError TimedOut()
    {
        telemetry.Rejected(TimeoutTelemetry.TimedOut);
        return timeoutError;
    }

    /// <summary>This runner measured as one execution.</summary>
    public Func<CancellationToken, ValueTask<Either<Error, T>>> Measured<T>(Func<CancellationToken, ValueTask<Either<Error, T>>> operation)
    {
        Func<CancellationToken, ValueTask<Either<Error, T>>> layer = ct => Execute(operation, ct);
        return ct => telemetry.Executions ? telemetry.Measure(layer, ct) : Execute(operation, ct);
    }

    private async ValueTask<Either<Error, T>> AwaitCooperative<T>(ValueTask<Either<Error, T>> pending, TimeoutLease lease, CancellationToken ct)
    {
        lease.Link();
        var result = await Kernel.Settle(pending, lease.Token).ConfigureAwait(false);
        return Complete(lease.Release(pool, onThread: true), result, ct);
    }

    private async ValueTask<Either<Error, T>> AwaitPessimistic<T>(ValueTask<Either<Error, T>> pending, TimeoutLease lease, CancellationToken ct)
    {
        lease.Link();
        var task = pending.AsTask();
        var abandon = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lease.Token.UnsafeRegister(static s => ((TaskCompletionSource)s!).TrySetResult(), abandon))
        {
            await Task.WhenAny(task, abandon.Task).ConfigureAwait(false);
        }

        if (task.IsCompleted)
        {
            return await AwaitCooperative(new ValueTask<Either<Error, T>>(task), lease, ct).ConfigureAwait(false);
        }

        // The operation ignored its token: leave it running, but observe its fault so that it cannot surface as an
        // unobserved task exception. Its lease is cancelled, so Release discards it rather than pooling it.
        _ = task.ContinueWith(
            static t => _ = t.Exception,
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        var ended = lease.Release(pool, onThread: true);
        return ct.IsCancellationRequested || ended != TimeoutLease.TimedOut
            ? Either<Error, T>.Left(CancelledError.Instance)
            : Either<Error, T>.Left(TimedOut());
    }
}
