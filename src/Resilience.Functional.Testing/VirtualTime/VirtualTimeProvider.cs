namespace Resilience.Functional.Testing;

/// <summary>
/// A <see cref="TimeProvider"/> whose clock moves only when told to: <see cref="Advance"/> moves it by a duration and
/// <see cref="TryFireNext"/> jumps to the next due timer and runs its callback on the calling thread. Timers due at the
/// same instant fire in the order they were armed, so a run is repeatable event for event.
/// </summary>
/// <remarks>
/// Every wait of the library (<c>Task.Delay(delay, timeProvider, ct)</c>, <c>new CancellationTokenSource(delay,
/// timeProvider)</c>) goes through <see cref="CreateTimer"/>, so it completes in virtual time. Usually driven by a
/// <see cref="VirtualTimeLoop"/>, which advances the clock only when no work is left at the current instant.
/// Timers keep tick precision, but <c>Task.Delay</c> converts its delay to whole milliseconds (truncating) before it
/// creates its timer.
/// </remarks>
public sealed class VirtualTimeProvider : TimeProvider
{
    private readonly object gate = new();
    private readonly PriorityQueue<VirtualTimer, (long Due, long Sequence)> queue = new();
    private readonly DateTimeOffset epoch;
    private long now;
    private long sequence;
    private long abandonedDelays;

    /// <summary>A clock starting at 2000-01-01T00:00:00Z.</summary>
    public VirtualTimeProvider()
        : this(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
    }

    /// <summary>A clock starting at <paramref name="start"/>.</summary>
    /// <param name="start">The wall-clock time at virtual instant zero.</param>
    public VirtualTimeProvider(DateTimeOffset start) => epoch = start.ToUniversalTime();

    /// <summary>Virtual time elapsed since the clock was created.</summary>
    public TimeSpan Elapsed => TimeSpan.FromTicks(Volatile.Read(ref now));

    /// <summary>
    /// How many timers of <c>Task.Delay</c> were disposed before they fired: each is a cancelled delay, whose awaiting
    /// code .NET resumes on the thread pool rather than inline.
    /// </summary>
    internal long AbandonedDelays => Interlocked.Read(ref abandonedDelays);

    /// <summary>The number of armed timers.</summary>
    public int PendingTimers
    {
        get
        {
            lock (gate)
            {
                DropStale();
                return queue.Count;
            }
        }
    }

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <inheritdoc />
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => epoch.AddTicks(Volatile.Read(ref now));

    /// <inheritdoc />
    public override long GetTimestamp() => Volatile.Read(ref now);

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new VirtualTimer(this, callback, state) { IsDelay = state is Task };
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>The virtual time at which the next timer is due, if any is armed.</summary>
    public TimeSpan? NextDue
    {
        get
        {
            lock (gate)
            {
                DropStale();
                return queue.TryPeek(out _, out var key) ? TimeSpan.FromTicks(key.Due) : null;
            }
        }
    }

    /// <summary>
    /// Moves the clock to the next due timer (never backwards) and runs that timer's callback on the calling thread.
    /// </summary>
    /// <returns><see langword="false"/> when no timer is armed.</returns>
    public bool TryFireNext()
    {
        VirtualTimer timer;
        lock (gate)
        {
            DropStale();
            if (!queue.TryDequeue(out timer!, out var key))
            {
                return false;
            }

            now = Math.Max(now, key.Due);
            timer.Rearm();
        }

        timer.Invoke();
        return true;
    }

    /// <summary>Moves the clock forward by <paramref name="delta"/>, firing every timer that falls due on the way.</summary>
    /// <param name="delta">How far to move; zero or more.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delta"/> is negative.</exception>
    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        var target = Volatile.Read(ref now) + delta.Ticks;
        while (NextDue is { } due && due.Ticks <= target)
        {
            TryFireNext();
        }

        lock (gate)
        {
            now = Math.Max(now, target);
        }
    }

    internal void Schedule(VirtualTimer timer, long dueTicks)
    {
        lock (gate)
        {
            var due = dueTicks == long.MaxValue ? long.MaxValue : now + dueTicks;
            timer.Version++;
            timer.Due = due;
            if (due != long.MaxValue)
            {
                timer.QueuedVersion = timer.Version;
                queue.Enqueue(timer, (due, sequence++));
            }
        }
    }

    internal void Cancel(VirtualTimer timer)
    {
        lock (gate)
        {
            if (timer.IsDelay && timer.Due != long.MaxValue)
            {
                abandonedDelays++;
            }

            timer.Version++;
            timer.Due = long.MaxValue;
        }
    }

    private void DropStale()
    {
        while (queue.TryPeek(out var timer, out var key) && (timer.QueuedVersion != timer.Version || timer.Due != key.Due))
        {
            queue.Dequeue();
        }
    }
}
