using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>The slow path of one hedged call: the attempts in flight, the hedge timer, and every error so far.</summary>
internal sealed class HedgedCall<T>(
    Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
    HedgingOptions options,
    TelemetryRecorder telemetry,
    CancellationTokenSource attempts,
    CancellationToken ct)
{
    private readonly List<Task> running = [];
    private readonly List<int> runningIndex = [];
    private readonly SortedList<int, Error> errors = [];
    private Task? timer;
    private CancellationTokenSource? timerSource;
    private int started;

    public async ValueTask<Either<Error, T>> RunAsync(ValueTask<Either<Error, T>> first)
    {
        // Cancelling `attempts` stops every attempt and the hedge timer at once: on the caller's cancellation and
        // when the call ends.
        using var link = ct.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), attempts);
        try
        {
            Add(first.AsTask());
            while (true)
            {
                if (running.Count == (timer is null ? 0 : 1))
                {
                    telemetry.Rejected(HedgingTelemetry.Exhausted);
                    return Either<Error, T>.Left(new HedgingExhaustedError(errors.Values.ToSeq()));
                }

                var done = await Task.WhenAny(running).ConfigureAwait(false);
                if (ct.IsCancellationRequested)
                {
                    return Either<Error, T>.Left(CancelledError.Instance);
                }

                var at = running.IndexOf(done);
                var index = runningIndex[at];
                running.RemoveAt(at);
                runningIndex.RemoveAt(at);
                if (done == timer)
                {
                    timer = null;
                    Launch();
                    continue;
                }

                var result = ((Task<Either<Error, T>>)done).Result;
                if (result.IsRight || !options.ShouldHedge.IsTransient((Error)result))
                {
                    return result;
                }

                errors.Add(index, (Error)result);
                if (started <= options.MaxHedgedAttempts)
                {
                    // A failure worth hedging starts the next attempt now, and the next delay counts from it.
                    StopTimer();
                    Launch();
                }
            }
        }
        catch (Exception ex)
        {
            return Either<Error, T>.Left(Kernel.FromException(ex, ct));
        }
        finally
        {
            StopTimer();
            try
            {
                attempts.Cancel();
            }
            catch (AggregateException)
            {
                // A losing attempt's cancellation callback threw; the call's outcome is already decided.
            }
        }
    }

    private void Launch()
    {
        telemetry.Occurred(HedgingTelemetry.HedgeStarted);
        var started = telemetry.AttemptStart();
        var pending = Kernel<CallSite.HedgingAttempt>.Start(operation, attempts.Token);
        Add(telemetry.AttemptAsync(pending, started, attempts.Token).AsTask());
    }

    private void Add(Task<Either<Error, T>> attempt)
    {
        running.Add(attempt);
        runningIndex.Add(started++);
        if (started <= options.MaxHedgedAttempts && options.Delay != Timeout.InfiniteTimeSpan)
        {
            timerSource?.Dispose();
            timerSource = CancellationTokenSource.CreateLinkedTokenSource(attempts.Token);
            timer = Waits.Delay(options.TimeProvider, options.Delay, timerSource.Token);
            running.Add(timer);
            runningIndex.Add(-1);
        }
    }

    private void StopTimer()
    {
        if (timer is not null)
        {
            var at = running.IndexOf(timer);
            running.RemoveAt(at);
            runningIndex.RemoveAt(at);
            timer = null;
        }

        timerSource?.Cancel();
        timerSource?.Dispose();
        timerSource = null;
    }
}
