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
    public TimeSpan Start { get; init => field = Guard.NonNegative(value, nameof(Start)); }

    /// <summary>How long the window lasts.</summary>
    public TimeSpan Duration { get; init => field = Guard.Positive(value, nameof(Duration)); }

    /// <summary>When the window ends (exclusive).</summary>
    public TimeSpan End => Start + Duration;

    /// <summary>Whether <paramref name="time"/> falls inside the window.</summary>
    /// <param name="time">A virtual time from the start of the simulation.</param>
    public bool Covers(TimeSpan time) => time >= Start && time < End;
}

/// <summary>A full outage: every call fails with <see cref="Error"/> after <see cref="Latency"/>.</summary>
public sealed record Outage : ScenarioWindow
{
    /// <summary>An outage from <paramref name="start"/> lasting <paramref name="duration"/>.</summary>
    /// <param name="start">When it begins; zero or more.</param>
    /// <param name="duration">How long it lasts; greater than zero.</param>
    public Outage(TimeSpan start, TimeSpan duration)
        : base(start, duration)
    {
    }

    /// <summary>The error every call gets; HTTP 503 by default.</summary>
    public Error Error { get; init => field = Guard.NotNull(value, nameof(Error)); } = new HttpStatusError(503);

    /// <summary>How long a call takes to fail: zero fails fast (connection refused); a long one is a black hole.</summary>
    public TimeSpan Latency { get; init => field = Guard.NonNegative(value, nameof(Latency)); } = TimeSpan.Zero;
}

/// <summary>A slow-down: every latency drawn in the window is multiplied by <see cref="Factor"/>.</summary>
public sealed record SlowDown : ScenarioWindow
{
    /// <summary>A slow-down by <paramref name="factor"/> from <paramref name="start"/> lasting <paramref name="duration"/>.</summary>
    /// <param name="start">When it begins; zero or more.</param>
    /// <param name="duration">How long it lasts; greater than zero.</param>
    /// <param name="factor">The latency multiplier; greater than zero.</param>
    public SlowDown(TimeSpan start, TimeSpan duration, double factor)
        : base(start, duration) => Factor = factor;

    /// <summary>The latency multiplier.</summary>
    public double Factor { get; init => field = Guard.Positive(value, nameof(Factor)); }
}

/// <summary>A stretch of time with its own error rate, replacing the scenario's base rate.</summary>
public sealed record ErrorRateWindow : ScenarioWindow
{
    /// <summary>An error rate of <paramref name="errorRate"/> from <paramref name="start"/> lasting <paramref name="duration"/>.</summary>
    /// <param name="start">When it begins; zero or more.</param>
    /// <param name="duration">How long it lasts; greater than zero.</param>
    /// <param name="errorRate">The probability that a call fails; in [0, 1].</param>
    public ErrorRateWindow(TimeSpan start, TimeSpan duration, double errorRate)
        : base(start, duration) => ErrorRate = errorRate;

    /// <summary>The probability that a call fails.</summary>
    public double ErrorRate { get; init => field = Guard.Probability(value, nameof(ErrorRate)); }
}
