namespace Resilience.Functional;

/// <summary>Settings of <see cref="HedgingExtensions.WithHedging{T}"/>. Invalid values throw when set.</summary>
public sealed record HedgingOptions
{
    /// <summary>
    /// How many attempts may be started in addition to the first, in [1, 100]. Default 1 (at most two attempts).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside [1, 100].</exception>
    public int MaxHedgedAttempts
    {
        get;
        init => field = value is >= 1 and <= 100
            ? value
            : throw new ArgumentOutOfRangeException(nameof(MaxHedgedAttempts), value, "MaxHedgedAttempts must be in [1, 100].");
    } = 1;

    /// <summary>
    /// How long to wait for a result after starting an attempt before starting the next one: positive, or
    /// <see cref="Timeout.InfiniteTimeSpan"/> to hedge only after a failure. Default 2 seconds.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is zero, or negative and not infinite.</exception>
    public TimeSpan Delay
    {
        get;
        init => field = value > TimeSpan.Zero || value == Timeout.InfiniteTimeSpan
            ? value
            : throw new ArgumentOutOfRangeException(nameof(Delay), value, "Delay must be positive (> 00:00:00) or Timeout.InfiniteTimeSpan.");
    } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Which failures start the next attempt at once (transient ones, by default). Any other failure is the answer:
    /// it is returned as it is and the other attempts are cancelled.
    /// </summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public ErrorClassifier ShouldHedge
    {
        get;
        init => field = value ?? throw new ArgumentNullException(nameof(ShouldHedge));
    } = ErrorClassifier.Default;

    /// <summary>The clock the delays run on. Default <see cref="TimeProvider.System"/>.</summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public TimeProvider TimeProvider
    {
        get;
        init => field = value ?? throw new ArgumentNullException(nameof(TimeProvider));
    } = TimeProvider.System;

    /// <summary>
    /// The name this pattern's telemetry is tagged with (<c>resilience.policy.name</c>, see docs/telemetry.md); a
    /// <see cref="Policy"/> built from these settings passes its own name here. Default <c>hedging</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The value is null, empty or white space.</exception>
    public string Name
    {
        get;
        init => field = OptionGuards.Name(value, nameof(Name));
    } = HedgingTelemetry.DefaultName;
}
