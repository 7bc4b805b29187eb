namespace Resilience.Functional.Testing;

/// <summary>
/// A <see cref="Random"/> whose every draw comes from a <see cref="SimulationRandom"/>, so that jitter drawn by the
/// library (<c>RetryOptions.Random</c>) follows the simulation's seed on every machine and .NET version.
/// </summary>
internal sealed class SimulationRandomAdapter(SimulationRandom source) : Random
{
    public override int Next() => (int)(source.NextUInt64() >> 33);

    public override int Next(int maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxValue);
        return maxValue == 0 ? 0 : source.Next(maxValue);
    }

    public override int Next(int minValue, int maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minValue, maxValue);
        return (int)(minValue + (long)(source.NextDouble() * ((long)maxValue - minValue)));
    }

    public override long NextInt64() => (long)(source.NextUInt64() >> 1);

    public override double NextDouble() => source.NextDouble();

    public override float NextSingle() => (float)(source.NextUInt64() >> 40) * (1.0f / (1 << 24));

    public override void NextBytes(byte[] buffer) => NextBytes(buffer.AsSpan());

    public override void NextBytes(Span<byte> buffer)
    {
        for (var i = 0; i < buffer.Length; i++)
        {
            buffer[i] = (byte)(source.NextUInt64() >> 56);
        }
    }

    protected override double Sample() => source.NextDouble();
}
