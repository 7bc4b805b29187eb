namespace Resilience.Functional.Testing;

/// <summary>A stretch of virtual time, from <see cref="Start"/> (inclusive) for <see cref="Duration"/>.</summary>
public abstract record ScenarioWindow
{
    /// <summary>A window from <paramref name="start"/> lasting <paramref name="duration"/>.</summary>
    /// <param name="start">When it begins, from the start of the simulation; zero or more.</param>
    /// <param name="duration">How long it lasts; greater than zero.</param>
    protected ScenarioWindow(TimeSpan start, TimeSpan duration)
    {
        Start = start;
        Duration = duration;
    }

    /// <summary>When the window begins, from the start of the simulation.</summary>
    public TimeSpan Start { get; init => field = OptionGuards.NonNegative(value, nameof(Start)); }

    /// <summary>How long the window lasts.</summary>
    public TimeSpan Duration { get; init => field = OptionGuards.Positive(value, nameof(Duration)); }

    /// <summary>When the window ends (exclusive).</summary>
    public TimeSpan End => Start + Duration;

    /// <summary>Whether <paramref name="time"/> falls inside the window.</summary>
    /// <param name="time">A virtual time from the start of the simulation.</param>
    public bool Covers(TimeSpan time) => time >= Start && time < End;
}
