namespace Resilience.Functional;

/// <summary>Settings of a <see cref="LastKnownGoodCache{TKey, T}"/>. Invalid values throw when set.</summary>
public sealed record LastKnownGoodOptions
{
    /// <summary>The oldest a stored success may be and still be served; positive. Default 5 minutes.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is zero or negative.</exception>
    public TimeSpan MaxStaleness
    {
        get;
        init => field = value > TimeSpan.Zero
            ? value
            : throw new ArgumentOutOfRangeException(nameof(MaxStaleness), value, "MaxStaleness must be positive (> 00:00:00).");
    } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How many keys the cache holds at most, in [1, <see cref="int.MaxValue"/>]; beyond it the key stored longest
    /// ago is evicted. Default 1024.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int MaxEntries
    {
        get;
        init => field = value >= 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(MaxEntries), value, "MaxEntries must be at least 1.");
    } = 1024;

    /// <summary>The clock that stamps and ages stored values. Default <see cref="TimeProvider.System"/>.</summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public TimeProvider TimeProvider
    {
        get;
        init => field = value ?? throw new ArgumentNullException(nameof(TimeProvider));
    } = TimeProvider.System;
}
