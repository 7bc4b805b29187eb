namespace Resilience.Functional.DependencyInjection.Configuration;

/// <summary>
/// The configuration of a token-bucket rate limiter (<see cref="TokenBucketOptions"/> and the wait of
/// <see cref="Policy.RateLimiter(TokenBucket, TimeSpan)"/>); an absent key keeps the option's default.
/// </summary>
public sealed record RateLimiterSettings
{
    /// <summary><see cref="TokenBucketOptions.TokensPerPeriod"/>.</summary>
    public int? TokensPerPeriod { get; init; }

    /// <summary><see cref="TokenBucketOptions.Period"/>, as a duration.</summary>
    public string? Period { get; init; }

    /// <summary><see cref="TokenBucketOptions.Burst"/>.</summary>
    public int? Burst { get; init; }

    /// <summary>How long a call may wait for a token, as a duration; absent or zero: rejected at once.</summary>
    public string? MaxWait { get; init; }

    internal (TokenBucketOptions Options, TimeSpan MaxWait) ToOptions(SettingPath path, string name, TimeProvider clock)
    {
        var options = new TokenBucketOptions { Name = name, TimeProvider = clock };
        if (TokensPerPeriod is { } tokens)
        {
            options = path[nameof(TokensPerPeriod)].Check(tokens, () => options with { TokensPerPeriod = tokens });
        }

        if (ConfigurationDuration.Read(Period, path[nameof(Period)]) is { } period)
        {
            options = path[nameof(Period)].Check(Period, () => options with { Period = period });
        }

        if (Burst is { } burst)
        {
            options = path[nameof(Burst)].Check(burst, () => options with { Burst = burst });
        }

        var wait = ConfigurationDuration.Read(MaxWait, path[nameof(MaxWait)]) ?? TimeSpan.Zero;
        if (wait != TimeSpan.Zero)
        {
            // The policy factory owns the range of the wait: ask it, with a throwaway bucket.
            _ = path[nameof(MaxWait)].Check(MaxWait, () => Policy.RateLimiter(new TokenBucket(options), wait));
        }

        return (options, wait);
    }
}
