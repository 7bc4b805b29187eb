namespace Resilience.Functional;

/// <summary>Settings of a <see cref="ChaosController"/>. Invalid values throw when set.</summary>
public sealed record ChaosOptions
{
    /// <summary>Whether injection starts switched on. Default true.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>
    /// The random source that decides each injection. Default the thread-safe <see cref="System.Random.Shared"/>.
    /// Pass a seeded <see cref="System.Random"/> for reproducible runs: the library serialises access to it. A source
    /// that throws injects nothing on that call.
    /// </summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public Random Random
    {
        get;
        init => field = value ?? throw new ArgumentNullException(nameof(Random));
    } = Random.Shared;

    /// <summary>The clock injected latency runs on. Default <see cref="TimeProvider.System"/>.</summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public TimeProvider TimeProvider
    {
        get;
        init => field = value ?? throw new ArgumentNullException(nameof(TimeProvider));
    } = TimeProvider.System;
}
