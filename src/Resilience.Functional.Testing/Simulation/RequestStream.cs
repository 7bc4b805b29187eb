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

    /// <summary>
    /// How many tenants the regular arrivals come from, in [1, 1,000,000]: arrival <c>k</c> (from 0) belongs to tenant
    /// <c>k mod Tenants + 1</c>, so every tenant sends the same share. Default 1. A pipeline reads the tenant of the
    /// request it wraps from <see cref="Simulation.CurrentTenant"/>.
    /// </summary>
    public int Tenants { get; init => field = OptionGuards.InRange(value, 1, 1_000_000, nameof(Tenants)); } = 1;

    /// <summary>One tenant's extra traffic on top of the regular arrivals (a noisy neighbour), if any; default none.</summary>
    public RequestBurst? Burst { get; init; }

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

    /// <summary>
    /// Every arrival in order: the regular ones (<see cref="ArrivalTimes"/>, tenants in turn) merged with those of the
    /// <see cref="Burst"/>, whose Poisson gaps come from <paramref name="burstRandom"/> so the regular arrivals stay as
    /// they are without a burst. At the same instant a regular arrival comes first.
    /// </summary>
    internal IEnumerable<(TimeSpan At, int Tenant, bool InBurst)> TenantArrivals(SimulationRandom random, SimulationRandom burstRandom)
    {
        using var regular = ArrivalTimes(random).GetEnumerator();
        using var burst = BurstTimes(burstRandom).GetEnumerator();
        var (hasRegular, hasBurst) = (regular.MoveNext(), burst.MoveNext());
        for (long k = 0; hasRegular || hasBurst;)
        {
            if (hasRegular && (!hasBurst || regular.Current <= burst.Current))
            {
                yield return (regular.Current, (int)(k++ % Tenants) + 1, false);
                hasRegular = regular.MoveNext();
            }
            else
            {
                yield return (burst.Current, Burst!.Tenant, true);
                hasBurst = burst.MoveNext();
            }
        }
    }

    private IEnumerable<TimeSpan> BurstTimes(SimulationRandom random)
    {
        if (Burst is not { } burst)
        {
            yield break;
        }

        var seconds = burst.Start.TotalSeconds;
        var end = burst.Start + burst.Duration;
        while (true)
        {
            seconds += -Math.Log(1.0 - random.NextDouble()) / burst.RatePerSecond;
            var at = TimeSpan.FromTicks((long)(seconds * TimeSpan.TicksPerSecond));
            if (at >= end)
            {
                yield break;
            }

            yield return at;
        }
    }
}
