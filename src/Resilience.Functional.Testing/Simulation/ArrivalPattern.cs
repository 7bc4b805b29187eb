namespace Resilience.Functional.Testing;

/// <summary>How requests arrive at the pipeline under test.</summary>
public enum ArrivalPattern
{
    /// <summary>Evenly spaced, one every 1 / rate seconds, the first at time zero.</summary>
    Uniform,

    /// <summary>A Poisson process: independent arrivals, exponential gaps with mean 1 / rate (seeded).</summary>
    Poisson,
}
