namespace Resilience.Functional.Load;

/// <summary>One load run: how many workers, for how long per round, how many rounds of each library.</summary>
internal sealed record LoadSettings
{
    /// <summary>The most workers accepted.</summary>
    public const int MaxWorkers = 256;

    /// <summary>The most rounds accepted.</summary>
    public const int MaxRounds = 100;

    /// <summary>The shortest round accepted.</summary>
    public static readonly TimeSpan MinDuration = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest round accepted.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromHours(1);

    /// <summary>Concurrent workers, each on its own thread. Default 2; 1 to <see cref="MaxWorkers"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside 1 to <see cref="MaxWorkers"/>.</exception>
    public int Workers
    {
        get;
        init => field = value is >= 1 and <= MaxWorkers
            ? value
            : throw new ArgumentOutOfRangeException(nameof(Workers), value, $"Workers must be from 1 to {MaxWorkers}.");
    } = 2;

    /// <summary>The length of each round. Default 10 s; from <see cref="MinDuration"/> to <see cref="MaxDuration"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside that range.</exception>
    public TimeSpan Duration
    {
        get;
        init => field = value >= MinDuration && value <= MaxDuration
            ? value
            : throw new ArgumentOutOfRangeException(nameof(Duration), value, $"Duration must be from {MinDuration.TotalMilliseconds:0} ms to {MaxDuration.TotalHours:0} h.");
    } = TimeSpan.FromSeconds(10);

    /// <summary>Rounds of each library, alternating. Default 3; 1 to <see cref="MaxRounds"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside 1 to <see cref="MaxRounds"/>.</exception>
    public int Rounds
    {
        get;
        init => field = value is >= 1 and <= MaxRounds
            ? value
            : throw new ArgumentOutOfRangeException(nameof(Rounds), value, $"Rounds must be from 1 to {MaxRounds}.");
    } = 3;
}
