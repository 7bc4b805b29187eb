namespace Resilience.Functional;

/// <summary>
/// The one way the library waits: a cancellable wait on a <see cref="TimeProvider"/> whose awaiter resumes inline,
/// both when it elapses and when it is cancelled.
/// </summary>
/// <remarks>
/// <c>Task.Delay(d, provider, ct)</c> resumes its awaiter on the thread pool when cancelled. That costs a thread hop
/// on every cancelled backoff, and it makes a virtual-time simulation (Resilience.Functional.Testing) lose its
/// single thread, and with it its event-for-event determinism.
/// </remarks>
internal sealed class Waits : TaskCompletionSource<bool>
{
    private static readonly Task<bool> Elapsed = System.Threading.Tasks.Task.FromResult(true);
    private static readonly Task<bool> Cancelled = System.Threading.Tasks.Task.FromResult(false);

    private ITimer? timer;
    private CancellationTokenRegistration registration;
    private TimeSpan remaining;
    private bool released;

    private Waits()
    {
    }

    /// <summary>
    /// Completes with true when <paramref name="delay"/> has elapsed, false when cancelled first. Delays beyond a
    /// timer's range (about 49.7 days) are waited in pieces.
    /// </summary>
    internal static Task<bool> Delay(TimeProvider time, TimeSpan delay, CancellationToken ct)
    {
        if (ct.IsCancellationRequested)
        {
            return Cancelled;
        }

        if (delay <= TimeSpan.Zero)
        {
            return Elapsed;
        }

        var state = new Waits { remaining = delay };
        var timer = time.CreateTimer(static s => ((Waits)s!).Tick(), state, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        var registration = ct.CanBeCanceled ? ct.UnsafeRegister(static s => ((Waits)s!).Finish(false), state) : default;

        // Both are stored before the timer is armed, and whichever of Hold and Release comes second disposes them:
        // the wait may already have ended (the token fired while registering), or may end on any thread from here on.
        state.Hold(timer, registration);
        state.Arm();
        return state.Task;
    }

    private void Hold(ITimer heldTimer, CancellationTokenRegistration heldRegistration)
    {
        lock (this)
        {
            (timer, registration) = (heldTimer, heldRegistration);
            if (!released)
            {
                return;
            }
        }

        heldTimer.Dispose();
        heldRegistration.Dispose();
    }

    private void Arm()
    {
        if (Task.IsCompleted)
        {
            return;
        }

        var step = remaining > OptionGuards.MaxDelay ? OptionGuards.MaxDelay : remaining;
        remaining -= step;
        try
        {
            timer!.Change(step, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // Cancelled while arming: Finish already completed the wait.
        }
    }

    private void Tick()
    {
        if (remaining > TimeSpan.Zero && !Task.IsCompleted)
        {
            Arm();
        }
        else
        {
            Finish(true);
        }
    }

    private void Finish(bool elapsed)
    {
        if (!TrySetResult(elapsed))
        {
            return;
        }

        ITimer? heldTimer;
        CancellationTokenRegistration heldRegistration;
        lock (this)
        {
            released = true;
            (heldTimer, heldRegistration) = (timer, registration);
        }

        // Outside the lock: disposing the registration waits for its callback if it is running on another thread.
        heldTimer?.Dispose();
        heldRegistration.Dispose();
    }
}
