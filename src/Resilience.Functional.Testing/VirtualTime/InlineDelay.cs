namespace Resilience.Functional.Testing;

/// <summary>
/// A cancellable wait on a <see cref="TimeProvider"/> that resumes its awaiter inline both when it elapses and when
/// it is cancelled. <c>Task.Delay(d, provider, ct)</c> resumes on the thread pool when cancelled, which a
/// single-threaded simulation must avoid where it can.
/// </summary>
internal sealed class InlineDelay : TaskCompletionSource<bool>
{
    private ITimer? timer;
    private CancellationTokenRegistration registration;

    private InlineDelay()
    {
    }

    /// <summary>Completes with true when <paramref name="delay"/> has elapsed, false when cancelled first.</summary>
    internal static Task<bool> Start(TimeProvider time, TimeSpan delay, CancellationToken ct)
    {
        var state = new InlineDelay();
        state.timer = time.CreateTimer(static s => ((InlineDelay)s!).Finish(true), state, delay, Timeout.InfiniteTimeSpan);
        if (ct.CanBeCanceled)
        {
            state.registration = ct.UnsafeRegister(static s => ((InlineDelay)s!).Finish(false), state);
        }

        return state.Task;
    }

    private void Finish(bool elapsed)
    {
        if (TrySetResult(elapsed))
        {
            timer?.Dispose();
            registration.Dispose();
        }
    }
}
