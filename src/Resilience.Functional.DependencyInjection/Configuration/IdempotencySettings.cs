namespace Resilience.Functional.DependencyInjection.Configuration;

/// <summary>
/// The configuration of the application's <see cref="IdempotencyGuard"/> (<c>Resilience:Idempotency</c>): its
/// <see cref="IdempotencyOptions"/> and which store it uses. An absent key keeps the option's default.
/// </summary>
public sealed record IdempotencySettings
{
    /// <summary><see cref="IdempotencyOptions.TimeToLive"/>, as a duration.</summary>
    public string? TimeToLive { get; init; }

    /// <summary><see cref="IdempotencyOptions.LeaseDuration"/>, as a duration.</summary>
    public string? LeaseDuration { get; init; }

    /// <summary><see cref="IdempotencyOptions.ConflictRetryAfter"/>, as a duration.</summary>
    public string? ConflictRetryAfter { get; init; }

    /// <summary><see cref="IdempotencyOptions.OnAmbiguousFailure"/>: <c>HoldKey</c> or <c>ReleaseKey</c>.</summary>
    public AmbiguousFailureMode? OnAmbiguousFailure { get; init; }

    /// <summary>
    /// The store: <c>InMemory</c> for an <see cref="InMemoryIdempotencyStore"/>; any other text for the
    /// <see cref="Stores.IIdempotencyStore"/> registered in DI under that key (<c>AddKeyedSingleton</c>); absent for
    /// the unkeyed <see cref="Stores.IIdempotencyStore"/> in DI, else an in-memory one.
    /// </summary>
    public string? Store { get; init; }

    /// <summary>The size bound of an in-memory store (<see cref="InMemoryIdempotencyStore.MaxEntries"/>); default 10,000.</summary>
    public int? MaxEntries { get; init; }

    internal IdempotencyOptions ToOptions(SettingPath path, TimeProvider clock)
    {
        var options = IdempotencyOptions.Default with { TimeProvider = clock };
        if (ConfigurationDuration.Read(TimeToLive, path[nameof(TimeToLive)]) is { } ttl)
        {
            options = path[nameof(TimeToLive)].Check(TimeToLive, () => options with { TimeToLive = ttl });
        }

        if (ConfigurationDuration.Read(LeaseDuration, path[nameof(LeaseDuration)]) is { } lease)
        {
            options = path[nameof(LeaseDuration)].Check(LeaseDuration, () => options with { LeaseDuration = lease });
        }

        if (ConfigurationDuration.Read(ConflictRetryAfter, path[nameof(ConflictRetryAfter)]) is { } retryAfter)
        {
            options = path[nameof(ConflictRetryAfter)].Check(ConflictRetryAfter, () => options with { ConflictRetryAfter = retryAfter });
        }

        if (OnAmbiguousFailure is { } mode)
        {
            options = path[nameof(OnAmbiguousFailure)].Check(mode, () => options with { OnAmbiguousFailure = mode });
        }

        if (MaxEntries is { } max)
        {
            _ = path[nameof(MaxEntries)].Check(max, () => new InMemoryIdempotencyStore(max, clock));
        }

        return options;
    }
}
