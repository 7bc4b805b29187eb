namespace Resilience.Functional;

/// <summary>Settings of a <see cref="TokenBucket"/>: <see cref="TokensPerPeriod"/> tokens flow in per <see cref="Period"/>, up to <see cref="Burst"/>.</summary>
public sealed record TokenBucketOptions
{
    /// <summary>How many tokens flow in per <see cref="Period"/> (the sustained rate). At least 1; default 10.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int TokensPerPeriod
    {
        get;
        init => field = OptionGuards.InRange(value, 1, int.MaxValue, nameof(TokensPerPeriod));
    } = 10;

    /// <summary>The period of <see cref="TokensPerPeriod"/>. In (0, about 49.7 days]; default 1 second.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is zero, negative or too long.</exception>
    public TimeSpan Period
    {
        get;
        init => field = OptionGuards.PositiveDelay(value, nameof(Period));
    } = TimeSpan.FromSeconds(1);

    /// <summary>How many tokens the bucket holds (the largest burst); the bucket starts full. At least 1; default 10.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int Burst
    {
        get;
        init => field = OptionGuards.InRange(value, 1, int.MaxValue, nameof(Burst));
    } = 10;

    /// <summary>The clock the bucket fills by; default <see cref="TimeProvider.System"/>.</summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public TimeProvider TimeProvider
    {
        get;
        init => field = OptionGuards.NotNull(value, nameof(TimeProvider));
    } = TimeProvider.System;

    /// <summary>
    /// The name this pattern's telemetry is tagged with (<c>resilience.policy.name</c>, see docs/telemetry.md); a
    /// <see cref="Policy"/> built from these settings passes its own name here. Default <c>rate-limiter</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The value is null, empty or white space.</exception>
    public string Name
    {
        get;
        init => field = OptionGuards.Name(value, nameof(Name));
    } = RateLimiterTelemetry.DefaultName;
}
