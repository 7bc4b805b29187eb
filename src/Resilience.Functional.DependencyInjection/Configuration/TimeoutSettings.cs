namespace Resilience.Functional.DependencyInjection.Configuration;

/// <summary>The configuration of a timeout layer (<see cref="TimeoutOptions"/>); an absent key keeps the option's default.</summary>
public sealed record TimeoutSettings
{
    /// <summary><see cref="TimeoutOptions.Timeout"/>, as a duration (<c>"10s"</c>, <c>"00:00:10"</c>).</summary>
    public string? Timeout { get; init; }

    /// <summary><see cref="TimeoutOptions.Mode"/>: <c>Cooperative</c> or <c>Pessimistic</c>.</summary>
    public TimeoutMode? Mode { get; init; }

    internal TimeoutOptions ToOptions(SettingPath path, string name, TimeProvider clock)
    {
        var options = new TimeoutOptions { Name = name, TimeProvider = clock };
        if (ConfigurationDuration.Read(Timeout, path[nameof(Timeout)]) is { } timeout)
        {
            options = path[nameof(Timeout)].Check(Timeout, () => options with { Timeout = timeout });
        }

        return Mode is { } mode ? path[nameof(Mode)].Check(mode, () => options with { Mode = mode }) : options;
    }
}
