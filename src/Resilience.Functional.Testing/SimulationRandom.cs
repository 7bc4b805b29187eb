namespace Resilience.Functional.Testing;

/// <summary>
/// A small seeded pseudo-random source (SplitMix64) whose sequence is fixed by this library rather than by the
/// runtime, so a seed gives the same simulation on every machine and .NET version. Not thread-safe: a simulation
/// runs on one thread.
/// </summary>
public sealed class SimulationRandom
{
    private readonly ulong seed;
    private ulong state;

    /// <summary>A source seeded with <paramref name="seed"/>.</summary>
    /// <param name="seed">The seed.</param>
    public SimulationRandom(ulong seed)
    {
        this.seed = seed;
        state = seed;
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A uniform double in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform integer in [0, <paramref name="maxExclusive"/>).</summary>
    /// <param name="maxExclusive">The exclusive upper bound; positive.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxExclusive"/> is not positive.</exception>
    public int Next(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExclusive);
        return (int)(NextDouble() * maxExclusive);
    }

    /// <summary>
    /// This source as a <see cref="Random"/>, for library settings that take one (such as <c>RetryOptions.Random</c>):
    /// its draws advance this source, so jitter stays part of the seeded run. Not thread-safe, like this source.
    /// </summary>
    public Random AsRandom() => new SimulationRandomAdapter(this);

    /// <summary>An independent source derived from this one's seed and <paramref name="stream"/>, for separate uses.</summary>
    /// <param name="stream">Which derived stream.</param>
    public SimulationRandom Fork(ulong stream) => new(new SimulationRandom(seed ^ (stream * 0xD1B54A32D192ED03UL)).NextUInt64());
}
