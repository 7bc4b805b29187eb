namespace Resilience.Functional;

/// <summary>
/// The one way the library reads a caller's <see cref="Random"/>: <see cref="Random"/> is not thread-safe, and one
/// instance given to a retry (or a breaker, or chaos) is drawn from by every concurrent call. Each draw locks the
/// caller's instance itself, so two combinators given the same instance are serialised against each other too.
/// <see cref="Random.Shared"/> is thread-safe and is used as it is.
/// </summary>
internal sealed class SerializedRandom : Random
{
    private readonly Random inner;

    private SerializedRandom(Random inner) => this.inner = inner;

    /// <summary><paramref name="random"/> itself when it is safe to share, otherwise a serialising view of it.</summary>
    public static Random For(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return ReferenceEquals(random, Shared) || random is SerializedRandom ? random : new SerializedRandom(random);
    }

    public override int Next()
    {
        lock (inner)
        {
            return inner.Next();
        }
    }

    public override int Next(int maxValue)
    {
        lock (inner)
        {
            return inner.Next(maxValue);
        }
    }

    public override int Next(int minValue, int maxValue)
    {
        lock (inner)
        {
            return inner.Next(minValue, maxValue);
        }
    }

    public override long NextInt64()
    {
        lock (inner)
        {
            return inner.NextInt64();
        }
    }

    public override long NextInt64(long maxValue)
    {
        lock (inner)
        {
            return inner.NextInt64(maxValue);
        }
    }

    public override long NextInt64(long minValue, long maxValue)
    {
        lock (inner)
        {
            return inner.NextInt64(minValue, maxValue);
        }
    }

    public override double NextDouble()
    {
        lock (inner)
        {
            return inner.NextDouble();
        }
    }

    public override float NextSingle()
    {
        lock (inner)
        {
            return inner.NextSingle();
        }
    }

    public override void NextBytes(byte[] buffer)
    {
        lock (inner)
        {
            inner.NextBytes(buffer);
        }
    }

    public override void NextBytes(Span<byte> buffer)
    {
        lock (inner)
        {
            inner.NextBytes(buffer);
        }
    }

    protected override double Sample()
    {
        lock (inner)
        {
            return inner.NextDouble();
        }
    }
}
