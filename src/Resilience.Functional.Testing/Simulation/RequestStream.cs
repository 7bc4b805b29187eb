namespace Resilience.Functional.Testing;

/// <summary>The traffic of a simulation: arrival rate and pattern, how long requests keep arriving, and the caller's own concurrency limit.</summary>
public sealed record RequestStream
{
    /// <summary>Mean arrivals per second of virtual time; greater than zero. Default 50.</summary>
    public double RatePerSecond { get; init => field = OptionGuards.Positive(value, nameof(RatePerSecond)); } = 50;

    /// <summary>How arrivals are spaced. Default <see cref="ArrivalPattern.Poisson"/>.</summary>
    public ArrivalPattern Pattern
    {
        get;
        init => field = Enum.IsDefined(value)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(Pattern), value, "The pattern must be Uniform or Poisson.");
    } = ArrivalPattern.Poisson;

    /// <summary>How long requests keep arriving, in virtual time; greater than zero. Default 1 minute.</summary>
    public TimeSpan Duration { get; init => field = OptionGuards.Positive(value, nameof(Duration)); } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The caller's own limit on requests in flight (a connection pool, a worker count), if any: an arrival beyond it
    /// waits in a FIFO queue, and that wait counts in its latency. Null (default) for no limit; otherwise at least 1.
    /// </summary>
    public int? MaxConcurrency
    {
        get;
        init => field = value is null or > 0
            ? value
            : throw new ArgumentOutOfRangeException(nameof(MaxConcurrency), value, "The concurrency limit must be at least 1, or null for none.");
    }

    /// <summary>The arrival times, in order, drawn from <paramref name="random"/> when the pattern is Poisson.</summary>
    /// <param name="random">The seeded source for Poisson gaps.</param>
    public IReadOnlyList<TimeSpan> Arrivals(SimulationRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var arrivals = new List<TimeSpan>((int)Math.Min(int.MaxValue / 2, (Duration.TotalSeconds * RatePerSecond) + 16));
        arrivals.AddRange(ArrivalTimes(random));
        return arrivals;
    }

    /// <summary>The same arrival times as <see cref="Arrivals"/>, drawn one at a time, so a long run does not hold them all.</summary>
    /// <param name="random">The seeded source for Poisson gaps.</param>
    internal IEnumerable<TimeSpan> ArrivalTimes(SimulationRandom random)
    {
        if (Pattern == ArrivalPattern.Uniform)
        {
            for (long k = 0; ; k++)
            {
                var at = TimeSpan.FromTicks((long)Math.Round(k * TimeSpan.TicksPerSecond / RatePerSecond));
                if (at >= Duration)
                {
                    yield break;
                }

                yield return at;
            }
        }

        var seconds = 0.0;
        while (true)
        {
            seconds += -Math.Log(1.0 - random.NextDouble()) / RatePerSecond;
            var at = TimeSpan.FromTicks((long)(seconds * TimeSpan.TicksPerSecond));
            if (at >= Duration)
            {
                yield break;
            }

            yield return at;
        }
    }
}
