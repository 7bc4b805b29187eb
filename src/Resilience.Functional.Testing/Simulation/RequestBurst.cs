namespace Resilience.Functional.Testing;

/// <summary>
/// Extra traffic of one tenant on top of a <see cref="RequestStream"/>: Poisson arrivals at
/// <see cref="RatePerSecond"/> from <see cref="Start"/> for <see cref="Duration"/>, all of <see cref="Tenant"/> (a
/// noisy neighbour). Its requests go through the pipeline and load the downstream like any other, but a
/// <see cref="SimulationResult"/> counts them apart (<see cref="SimulationResult.BurstRequests"/>), so its headline
/// figures are those of the regular traffic: what the other tenants saw.
/// </summary>
public sealed record RequestBurst
{
    /// <summary>When the burst begins, from the start of the run; zero or more. Default zero.</summary>
    public TimeSpan Start { get; init => field = OptionGuards.NonNegative(value, nameof(Start)); }

    /// <summary>How long it lasts; greater than zero. Default 10 seconds.</summary>
    public TimeSpan Duration { get; init => field = OptionGuards.Positive(value, nameof(Duration)); } = TimeSpan.FromSeconds(10);

    /// <summary>Mean arrivals per second during the burst; greater than zero. Default 100.</summary>
    public double RatePerSecond { get; init => field = OptionGuards.Positive(value, nameof(RatePerSecond)); } = 100;

    /// <summary>The tenant every request of the burst belongs to; default 0 (the regular traffic's tenants are 1 to <see cref="RequestStream.Tenants"/>).</summary>
    public int Tenant { get; init; }
}
