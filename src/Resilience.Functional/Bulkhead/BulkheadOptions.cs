using LanguageExt;

namespace Resilience.Functional;

/// <summary>Settings of a <see cref="Bulkhead"/>.</summary>
public sealed record BulkheadOptions
{
    /// <summary>How many executions may run at once. At least 1; default 10.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int MaxConcurrency
    {
        get;
        init => field = OptionGuards.InRange(value, 1, int.MaxValue, nameof(MaxConcurrency));
    } = 10;

    /// <summary>How many callers may wait, first in first out, for a slot. At least 0; default 0 (no queue).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int MaxQueueLength
    {
        get;
        init => field = OptionGuards.InRange(value, 0, int.MaxValue, nameof(MaxQueueLength));
    }

    /// <summary>
    /// How long a queued caller waits for a slot before it gets a <see cref="BulkheadFullError"/>; <c>None</c>
    /// (default) waits until a slot frees or the caller cancels. When given, in (0, about 49.7 days].
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is zero, negative or beyond the timer range.</exception>
    public Option<TimeSpan> MaxQueueWait
    {
        get;
        init => field = value.Map(wait => OptionGuards.PositiveDelay(wait, nameof(MaxQueueWait)));
    }

    /// <summary>The clock that measures <see cref="MaxQueueWait"/>; default <see cref="TimeProvider.System"/>.</summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public TimeProvider TimeProvider
    {
        get;
        init => field = OptionGuards.NotNull(value, nameof(TimeProvider));
    } = TimeProvider.System;

    /// <summary>
    /// The name this pattern's telemetry is tagged with (<c>resilience.policy.name</c>, see docs/telemetry.md); a
    /// <see cref="Policy"/> built from these settings passes its own name here. Default <c>bulkhead</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The value is null, empty or white space.</exception>
    public string Name
    {
        get;
        init => field = OptionGuards.Name(value, nameof(Name));
    } = BulkheadTelemetry.DefaultName;
}
