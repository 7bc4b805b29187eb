namespace Resilience.Functional.Testing;

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
    public Error Error { get; init => field = OptionGuards.NotNull(value, nameof(Error)); } = new HttpStatusError(503);

    /// <summary>How long a call takes to fail: zero fails fast (connection refused); a long one is a black hole.</summary>
    public TimeSpan Latency { get; init => field = OptionGuards.NonNegative(value, nameof(Latency)); } = TimeSpan.Zero;
}
