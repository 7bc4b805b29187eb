using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>Runs one check under its timeout. Pessimistic: a check that ignores its token is abandoned at the deadline.</summary>
internal static class HealthCheckRunner
{
    public static ValueTask<HealthCheckEntry> RunAsync(HealthCheck check, TimeProvider time, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        if (ct.IsCancellationRequested)
        {
            return new(Entry(check, Failed(CancelledError.Instance), time, started));
        }

        var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var pending = check.Check.Run(cts.Token);
        if (pending.IsCompleted)
        {
            cts.Dispose();
            return new(Entry(check, pending.Result, time, started));
        }

        return AwaitWithTimeout(check, pending.AsTask(), cts, time, started, ct);
    }

    private static async ValueTask<HealthCheckEntry> AwaitWithTimeout(
        HealthCheck check, Task<Either<Error, HealthResult>> running, CancellationTokenSource cts, TimeProvider time, long started, CancellationToken ct)
    {
        using (cts)
        {
            var deadline = Task.Delay(check.Timeout, time, cts.Token);
            var winner = await Task.WhenAny(running, deadline).ConfigureAwait(false);
            // Cancel synchronously: the entry's duration must be read now, not after a hop to the thread pool.
            if (winner == running)
            {
                cts.Cancel();
                return Entry(check, running.Result, time, started);
            }

            // The check may ignore its token; it is abandoned, and Run guarantees its task never faults unobserved.
            cts.Cancel();
            Error error = ct.IsCancellationRequested ? CancelledError.Instance : new TimeoutError(check.Timeout);
            return Entry(check, Failed(error), time, started);
        }
    }

    private static HealthCheckEntry Entry(HealthCheck check, Either<Error, HealthResult> outcome, TimeProvider time, long started)
    {
        var duration = time.GetElapsedTime(started);
        var now = time.GetUtcNow();
        return outcome.Match(
            Right: r => new HealthCheckEntry(check, r.State, r, Option<Error>.None, duration, now),
            Left: e => new HealthCheckEntry(check, check.FailureState, Option<HealthResult>.None, e, duration, now));
    }

    private static Either<Error, HealthResult> Failed(Error error) => Either<Error, HealthResult>.Left(error);
}
