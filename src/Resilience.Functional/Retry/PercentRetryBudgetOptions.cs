namespace Resilience.Functional;

/// <summary>Settings of a <see cref="PercentRetryBudget"/>; the defaults are Finagle's.</summary>
public sealed record PercentRetryBudgetOptions
{
    /// <summary>How long a deposit counts, and how long a retry drawn from the reserve keeps its share of it, in [1 s, 60 s]. Default 10 s.</summary>
    public TimeSpan Ttl
    {
        get;
        init => field = value >= TimeSpan.FromSeconds(1) && value <= TimeSpan.FromSeconds(60)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(Ttl), value, "Ttl must be in [1 s, 60 s].");
    } = TimeSpan.FromSeconds(10);

    /// <summary>Retries allowed per second beyond what deposits pay for, whatever the traffic (a reserve of this times <see cref="Ttl"/> retries per <see cref="Ttl"/>), in [0, 1 000 000]. Default 10.</summary>
    public double MinRetriesPerSecond
    {
        get;
        init => field = value >= 0 && value <= 1_000_000
            ? value
            : throw new ArgumentOutOfRangeException(nameof(MinRetriesPerSecond), value, "MinRetriesPerSecond must be in [0, 1000000].");
    } = 10;

    /// <summary>Retries allowed per request, as a fraction (0.2 = 20 %), in [0, 10]. Default 0.2.</summary>
    public double RetryRatio
    {
        get;
        init => field = value >= 0 && value <= 10
            ? value
            : throw new ArgumentOutOfRangeException(nameof(RetryRatio), value, "RetryRatio must be in [0, 10].");
    } = 0.2;

    /// <summary>The clock deposits expire on. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider
    {
        get;
        init => field = value ?? throw new ArgumentNullException(nameof(TimeProvider));
    } = TimeProvider.System;
}
