using LanguageExt;

namespace Resilience.Functional;

/// <summary>
/// Settings of an <see cref="AdaptiveConcurrencyLimiter"/>: the algorithm that moves the limit, the range it moves in,
/// the queue in front of it, and which failures count as drops (docs/concurrency-limit.md).
/// </summary>
public sealed record AdaptiveConcurrencyOptions
{
    /// <summary>
    /// How the limit follows the measured samples: <see cref="Gradient2Options"/> (default; from the ratio of the
    /// long-term to the latest round-trip time) or <see cref="AimdOptions"/> (additive increase, multiplicative decrease
    /// on drops and slow calls).
    /// </summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public ConcurrencyLimitAlgorithm Algorithm
    {
        get;
        init => field = OptionGuards.NotNull(value, nameof(Algorithm));
    } = new Gradient2Options();

    /// <summary>The limit before any sample is measured. At least 1 and within [<see cref="MinLimit"/>, <see cref="MaxLimit"/>] (checked by the limiter); default 20.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int InitialLimit
    {
        get;
        init => field = OptionGuards.InRange(value, 1, int.MaxValue, nameof(InitialLimit));
    } = 20;

    /// <summary>The lowest the limit goes. At least 1 and at most <see cref="MaxLimit"/> (checked by the limiter); default 1.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int MinLimit
    {
        get;
        init => field = OptionGuards.InRange(value, 1, int.MaxValue, nameof(MinLimit));
    } = 1;

    /// <summary>The highest the limit goes. At least 1; default 200.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int MaxLimit
    {
        get;
        init => field = OptionGuards.InRange(value, 1, int.MaxValue, nameof(MaxLimit));
    } = 200;

    /// <summary>How many callers may wait, first in first out, for a slot under the limit. At least 0; default 0 (no queue).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int MaxQueueLength
    {
        get;
        init => field = OptionGuards.InRange(value, 0, int.MaxValue, nameof(MaxQueueLength));
    }

    /// <summary>
    /// How long a queued caller waits for a slot before it gets a <see cref="ConcurrencyLimitExceededError"/>;
    /// <c>None</c> (default) waits until a slot frees or the caller cancels. When given, in (0, about 49.7 days].
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is zero, negative or beyond the timer range.</exception>
    public Option<TimeSpan> MaxQueueWait
    {
        get;
        init => field = value.Map(wait => OptionGuards.PositiveDelay(wait, nameof(MaxQueueWait)));
    }

    /// <summary>
    /// Which failures are drops (the signal of overload that lowers the limit): the transient ones, by default
    /// <see cref="ErrorClassifier.Default"/> (timeouts, HTTP 5xx, I/O faults, rejections further down). A permanent
    /// failure and the caller's cancellation are no sample at all.
    /// </summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public ErrorClassifier Classifier
    {
        get;
        init => field = OptionGuards.NotNull(value, nameof(Classifier));
    } = ErrorClassifier.Default;

    /// <summary>The clock that times each call (its round-trip time) and <see cref="MaxQueueWait"/>; default <see cref="TimeProvider.System"/>.</summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public TimeProvider TimeProvider
    {
        get;
        init => field = OptionGuards.NotNull(value, nameof(TimeProvider));
    } = TimeProvider.System;

    /// <summary>
    /// The name this pattern's telemetry is tagged with (<c>resilience.policy.name</c>, see docs/telemetry.md); a
    /// <see cref="Policy"/> built from these settings passes its own name here. Default <c>concurrency-limit</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The value is null, empty or white space.</exception>
    public string Name
    {
        get;
        init => field = OptionGuards.Name(value, nameof(Name));
    } = ConcurrencyLimitTelemetry.DefaultName;

    /// <summary>The rules across settings, checked by the limiter built from these options.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The minimum exceeds the maximum, or the initial limit is outside them.</exception>
    internal AdaptiveConcurrencyOptions CheckAcrossSettings()
    {
        OptionGuards.InRange(MinLimit, 1, MaxLimit, nameof(MinLimit));
        OptionGuards.InRange(InitialLimit, MinLimit, MaxLimit, nameof(InitialLimit));
        return this;
    }
}
