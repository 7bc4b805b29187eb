namespace Resilience.Functional.Testing;

/// <summary>
/// Runs asynchronous code in virtual time on the calling thread: it fires the <see cref="VirtualTimeProvider"/>'s
/// timers one at a time, in order, and every continuation they release runs inline before the next one fires. Hours of
/// timeouts, back-offs and break durations take milliseconds, and the same inputs give the same interleaving, event
/// for event.
/// </summary>
/// <remarks>
/// <para>
/// While it runs, the thread has no <see cref="SynchronizationContext"/> and the default task scheduler, so .NET runs
/// <c>await</c> continuations (with or without <c>ConfigureAwait(false)</c>) inline on the thread that completes the
/// awaited task: the loop's thread, inside a timer callback or inside other continuations.
/// </para>
/// <para>
/// The code under test must therefore wait only on <see cref="Time"/> (<c>Task.Delay(d, time, ct)</c>, its timers,
/// <c>new CancellationTokenSource(d, time)</c>) and should not hop to the thread pool: no <c>Task.Run</c>, no
/// <c>Task.Yield</c>, no real I/O or real timers, and no <c>TaskCompletionSource</c> created with
/// <c>RunContinuationsAsynchronously</c> (nor <see cref="SemaphoreSlim.WaitAsync()"/>, which uses one). When the
/// loop finds nothing to do while the task is unfinished, it throws an <see cref="InvalidOperationException"/> rather
/// than wait on the real clock.
/// </para>
/// <para>
/// One hop cannot be avoided: .NET resumes the awaiter of a <em>cancelled</em> <c>Task.Delay</c> on the thread pool.
/// The loop tolerates such resumptions: code of this run that resumes on another thread waits for the loop's baton,
/// so it never runs concurrently with the loop, and after each step in which a delay was cancelled the loop yields
/// the baton until those resumptions have run (see <see cref="OffLoopResumptions"/>). Only when several cancelled
/// delays resume at the same instant can their relative order vary between runs.
/// </para>
/// </remarks>
public sealed class VirtualTimeLoop
{
    // These real-time waits apply only to code that leaves the loop (a cancelled Task.Delay, an asynchronous
    // continuation); a run that stays on the loop, as every library wait does (Waits), never consults them.
    // A cancelled delay that nothing awaits resumes nothing: once the pool has no queued work, a short grace suffices.
    // Under thread-pool starvation (a loaded 2-core machine) the queued resumption may take long to start: wait for
    // it, up to a generous cap. Likewise, a stall is declared only after a second without progress, so a resumption
    // that is merely late is not mistaken for code waiting outside virtual time.
    private static readonly TimeSpan ResumptionGrace = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan ResumptionCap = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan StallGrace = TimeSpan.FromSeconds(1);

    [ThreadStatic]
    private static VirtualTimeLoop? holder;

    private readonly SemaphoreSlim baton = new(1, 1);
    private readonly AsyncLocal<VirtualTimeLoop?> member;
    private int loopThread;
    private volatile bool running;
    private int offLoopActive;
    private long offLoopResumptions;
    private long settledDelays;

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
        member = new AsyncLocal<VirtualTimeLoop?>(OnContextChanged);
    }

    /// <summary>How many times code of a run resumed on another thread (cancelled delays); 0 in a fully inline run.</summary>
    public long OffLoopResumptions => Interlocked.Read(ref offLoopResumptions);

    /// <summary>The clock this loop drives.</summary>
    public VirtualTimeProvider Time { get; }

    /// <summary>Called after the entry code first yields and after each timer (with all it released), for sampling.</summary>
    public Action? AfterStep { get; set; }

    /// <summary>
    /// Runs <paramref name="entry"/> on the calling thread until the task it returns completes, moving virtual time to
    /// the next timer whenever nothing else can run.
    /// </summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="entry">The code to run.</param>
    /// <param name="limit">How far virtual time may advance before the run is abandoned.</param>
    /// <returns>The result of <paramref name="entry"/>'s task.</returns>
    /// <exception cref="InvalidOperationException">
    /// The task is not complete but no timer is armed (the code waits on something outside virtual time), or the next
    /// timer is due after <paramref name="limit"/>.
    /// </exception>
    public T Run<T>(Func<Task<T>> entry, TimeSpan limit)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        loopThread = Environment.CurrentManagedThreadId;
        baton.Wait();
        running = true;
        member.Value = this;
        try
        {
            var deadline = Time.Elapsed + limit;
            settledDelays = Time.AbandonedDelays;
            var task = entry();
            while (true)
            {
                Settle();
                AfterStep?.Invoke();
                if (task.IsCompleted)
                {
                    return task.GetAwaiter().GetResult();
                }

                if (Time.NextDue is not { } due && !AwaitStraggler(task))
                {
                    throw new InvalidOperationException(
                        $"The virtual-time run stalled at {Time.Elapsed}: its task is not complete and no timer is armed. " +
                        "Code under a virtual clock must wait only on its TimeProvider and stay on the loop thread " +
                        "(no Task.Run, Task.Yield, RunContinuationsAsynchronously, SemaphoreSlim.WaitAsync, real I/O or real timers).");
                }

                if (task.IsCompleted)
                {
                    continue;
                }

                if (Time.NextDue is { } next && next > deadline)
                {
                    throw new InvalidOperationException(
                        $"The virtual-time run did not finish within {limit} of virtual time (next timer due at {next}).");
                }

                Time.TryFireNext();
            }
        }
        finally
        {
            member.Value = null;
            running = false;
            baton.Release();
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    /// <summary>
    /// After a step in which delays were cancelled, lends the baton until their awaiters, resumed on the thread pool,
    /// have run (or, for a cancelled delay that nothing awaited, until the pool has nothing queued).
    /// </summary>
    private void Settle()
    {
        while (true)
        {
            var abandoned = Time.AbandonedDelays;
            var expected = abandoned - settledDelays;
            if (expected == 0 && Volatile.Read(ref offLoopActive) == 0)
            {
                return;
            }

            settledDelays = abandoned;
            var target = OffLoopResumptions + expected;
            baton.Release();
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var spinner = default(SpinWait);
            while (true)
            {
                var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
                if (Volatile.Read(ref offLoopActive) == 0
                    && (OffLoopResumptions >= target
                        || elapsed > ResumptionCap
                        || (elapsed > ResumptionGrace && ThreadPool.PendingWorkItemCount == 0)))
                {
                    break;
                }

                spinner.SpinOnce();
            }

            baton.Wait();
        }
    }

    /// <summary>Before declaring a stall, gives code resumed on the thread pool a moment to arm a timer or finish.</summary>
    private bool AwaitStraggler(Task task)
    {
        baton.Release();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var spinner = default(SpinWait);
        while (!task.IsCompleted && Time.NextDue is null && System.Diagnostics.Stopwatch.GetElapsedTime(started) < StallGrace)
        {
            spinner.SpinOnce();
        }

        baton.Wait();
        return task.IsCompleted || Time.NextDue is not null;
    }

    /// <summary>
    /// Runs when a thread switches into or out of this run's execution context: code of the run resuming on another
    /// thread takes the baton, so it never runs at the same time as the loop.
    /// </summary>
    private void OnContextChanged(AsyncLocalValueChangedArgs<VirtualTimeLoop?> change)
    {
        if (!change.ThreadContextChanged || Environment.CurrentManagedThreadId == loopThread)
        {
            return;
        }

        if (change.CurrentValue == this && holder is null && running)
        {
            Interlocked.Increment(ref offLoopActive);
            baton.Wait();
            holder = this;
        }
        else if (change.PreviousValue == this && holder == this)
        {
            holder = null;
            Interlocked.Increment(ref offLoopResumptions);
            baton.Release();
            Interlocked.Decrement(ref offLoopActive);
        }
    }
}
