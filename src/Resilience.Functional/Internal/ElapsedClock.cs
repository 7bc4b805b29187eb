namespace Resilience.Functional;

/// <summary>Ticks elapsed since a starting point on a <see cref="TimeProvider"/>, read cheaply on hot paths.</summary>
/// <remarks>
/// On <see cref="TimeProvider.System"/> a high-resolution timestamp costs a clock read that, on virtual machines,
/// was measured at several times the cost of a whole guarded call; the system's timers run on the millisecond tick
/// count anyway, so that count is read instead. It moves in steps (up to a scheduler tick), so two readings can differ
/// by a step that never fully elapsed: good for break durations and token refills, not for a short deadline (the
/// timeout reads the provider's timestamp). Any other provider (a fake clock in tests) is read as it is.
/// </remarks>
internal readonly struct ElapsedClock
{
    private readonly TimeProvider? provider;
    private readonly long origin;
    private readonly DateTimeOffset originUtc;

    public ElapsedClock(TimeProvider time)
    {
        if (ReferenceEquals(time, TimeProvider.System))
        {
            origin = Environment.TickCount64;
            originUtc = time.GetUtcNow();
        }
        else
        {
            provider = time;
            origin = time.GetTimestamp();
        }
    }

    /// <summary>Ticks since this clock was made; on the system clock, whole milliseconds rounded down.</summary>
    public long ElapsedTicks =>
        provider is null
            ? (Environment.TickCount64 - origin) * TimeSpan.TicksPerMillisecond
            : provider.GetElapsedTime(origin).Ticks;

    /// <summary>
    /// The current instant. On the system clock, the instant this clock was made plus the elapsed whole milliseconds
    /// (monotonic: later wall-clock adjustments do not move it); on any other provider, the provider's own reading.
    /// </summary>
    public DateTimeOffset UtcNow => provider is null ? originUtc.AddTicks(ElapsedTicks) : provider.GetUtcNow();

    /// <summary>The ticks of <see cref="UtcNow"/>, without building the instant.</summary>
    public long UtcTicks => provider is null ? originUtc.UtcTicks + ElapsedTicks : provider.GetUtcNow().UtcTicks;
}
