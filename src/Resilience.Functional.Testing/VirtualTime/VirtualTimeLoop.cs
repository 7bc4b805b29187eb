namespace Resilience.Functional.Testing;

/// <summary>
/// Runs asynchronous code in virtual time on one thread: continuations posted to the loop run in order, and when
/// nothing is left to run at the current instant the loop moves the <see cref="VirtualTimeProvider"/> to its next
/// timer. Hours of timeouts, back-offs and break durations take milliseconds, and the same inputs give the same
/// interleaving, event for event.
/// </summary>
/// <remarks>
/// The code under test must do all its waiting on <see cref="Time"/> (<c>Task.Delay(d, time, ct)</c>, timers,
/// <c>CancellationTokenSource(d, time)</c>). It must not use <c>Task.Run</c>, the thread pool, real I/O, real timers,
/// or <c>TaskCreationOptions.RunContinuationsAsynchronously</c> (which hands continuations to the thread pool, as
/// <see cref="SemaphoreSlim.WaitAsync()"/> does): work that leaves the loop thread makes the run non-deterministic or
/// stalls it, and a stall is reported as an <see cref="InvalidOperationException"/>. <c>ConfigureAwait(false)</c>
/// is fine: its continuations run inline on the loop thread that completes the awaited task.
/// </remarks>
public sealed class VirtualTimeLoop
{
    private readonly LoopContext context;

    /// <summary>A loop over a fresh <see cref="VirtualTimeProvider"/>.</summary>
    public VirtualTimeLoop()
        : this(new VirtualTimeProvider())
    {
    }

    /// <summary>A loop over <paramref name="time"/>.</summary>
    /// <param name="time">The clock to drive.</param>
    /// <exception cref="ArgumentNullException"><paramref name="time"/> is null.</exception>
    public VirtualTimeLoop(VirtualTimeProvider time)
    {
        Time = time ?? throw new ArgumentNullException(nameof(time));
        context = new LoopContext();
    }

    /// <summary>The clock this loop drives.</summary>
    public VirtualTimeProvider Time { get; }

    /// <summary>Called after each step (a batch of posted work, or a timer and the work it caused), for sampling.</summary>
    public Action? AfterStep { get; set; }

    /// <summary>
    /// Runs <paramref name="entry"/> on the calling thread until the task it returns completes, advancing virtual time
    /// whenever the loop is idle.
    /// </summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="entry">The code to run; it starts on the loop.</param>
    /// <param name="limit">How far virtual time may advance before the run is abandoned.</param>
    /// <returns>The result of <paramref name="entry"/>'s task.</returns>
    /// <exception cref="InvalidOperationException">
    /// The task is not complete but nothing is left to run and no timer is armed (the code waits on something outside
    /// virtual time), or virtual time passed <paramref name="limit"/>.
    /// </exception>
    public T Run<T>(Func<Task<T>> entry, TimeSpan limit)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(context);
        try
        {
            context.Owner = Environment.CurrentManagedThreadId;
            var deadline = Time.Elapsed + limit;
            var task = entry();
            while (true)
            {
                context.Drain();
                AfterStep?.Invoke();
                if (task.IsCompleted)
                {
                    return task.GetAwaiter().GetResult();
                }

                if (Time.NextDue is not { } due)
                {
                    throw new InvalidOperationException(
                        $"The virtual-time run stalled at {Time.Elapsed}: its task is not complete, no work is queued and no timer is armed. " +
                        "Operations under a virtual clock must wait only on its TimeProvider (no Task.Run, thread pool, real I/O or real timers).");
                }

                if (due > deadline)
                {
                    throw new InvalidOperationException(
                        $"The virtual-time run did not finish within {limit} of virtual time (next timer due at {due}).");
                }

                Time.TryFireNext();
            }
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    /// <summary>
    /// The loop's synchronization context: <c>await</c> without <c>ConfigureAwait(false)</c> and <c>Task.Yield</c>
    /// post here, so they stay on the loop thread.
    /// </summary>
    private sealed class LoopContext : SynchronizationContext
    {
        private readonly Queue<(SendOrPostCallback Callback, object? State)> work = new();

        internal int Owner { get; set; }

        public override void Post(SendOrPostCallback d, object? state)
        {
            lock (work)
            {
                work.Enqueue((d, state));
            }
        }

        public override void Send(SendOrPostCallback d, object? state)
        {
            if (Environment.CurrentManagedThreadId != Owner)
            {
                throw new NotSupportedException("A virtual-time loop cannot be entered synchronously from another thread.");
            }

            d(state);
        }

        public override SynchronizationContext CreateCopy() => this;

        internal void Drain()
        {
            while (true)
            {
                (SendOrPostCallback Callback, object? State) item;
                lock (work)
                {
                    if (!work.TryDequeue(out item))
                    {
                        return;
                    }
                }

                item.Callback(item.State);
            }
        }
    }
}
