namespace Resilience.Functional.DependencyInjection.Configuration;

/// <summary>The configuration of a bulkhead (<see cref="BulkheadOptions"/>); an absent key keeps the option's default.</summary>
public sealed record BulkheadSettings
{
    /// <summary><see cref="BulkheadOptions.MaxConcurrency"/>.</summary>
    public int? MaxConcurrency { get; init; }

    /// <summary><see cref="BulkheadOptions.MaxQueueLength"/>.</summary>
    public int? MaxQueueLength { get; init; }

    /// <summary><see cref="BulkheadOptions.MaxQueueWait"/>, as a duration; absent: wait as long as it takes.</summary>
    public string? MaxQueueWait { get; init; }

    internal BulkheadOptions ToOptions(SettingPath path, string name, TimeProvider clock)
    {
        var options = new BulkheadOptions { Name = name, TimeProvider = clock };
        if (MaxConcurrency is { } concurrency)
        {
            options = path[nameof(MaxConcurrency)].Check(concurrency, () => options with { MaxConcurrency = concurrency });
        }

        if (MaxQueueLength is { } queue)
        {
            options = path[nameof(MaxQueueLength)].Check(queue, () => options with { MaxQueueLength = queue });
        }

        return ConfigurationDuration.Read(MaxQueueWait, path[nameof(MaxQueueWait)]) is { } wait
            ? path[nameof(MaxQueueWait)].Check(MaxQueueWait, () => options with { MaxQueueWait = wait })
            : options;
    }
}
