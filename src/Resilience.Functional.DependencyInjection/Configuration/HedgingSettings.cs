namespace Resilience.Functional.DependencyInjection.Configuration;

/// <summary>The configuration of hedging (<see cref="HedgingOptions"/>); an absent key keeps the option's default.</summary>
public sealed record HedgingSettings
{
    /// <summary><see cref="HedgingOptions.MaxHedgedAttempts"/>.</summary>
    public int? MaxHedgedAttempts { get; init; }

    /// <summary><see cref="HedgingOptions.Delay"/>, as a duration (or <c>infinite</c>: hedge only on failure).</summary>
    public string? Delay { get; init; }

    internal HedgingOptions ToOptions(SettingPath path, TimeProvider clock)
    {
        var options = new HedgingOptions { TimeProvider = clock };
        if (MaxHedgedAttempts is { } attempts)
        {
            options = path[nameof(MaxHedgedAttempts)].Check(attempts, () => options with { MaxHedgedAttempts = attempts });
        }

        return ConfigurationDuration.Read(Delay, path[nameof(Delay)]) is { } delay
            ? path[nameof(Delay)].Check(Delay, () => options with { Delay = delay })
            : options;
    }
}
