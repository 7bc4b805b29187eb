namespace Resilience.Functional.Testing;

/// <summary>
/// How the simulated downstream behaves over virtual time: a base error rate and latency, windows with their own
/// error rate, outages, slow-downs, and overload that worsens with the number of calls in flight.
/// </summary>
public sealed record Scenario
{
    /// <summary>A name for reports.</summary>
    public string Name { get; init => field = OptionGuards.NotNull(value, nameof(Name)); } = "steady";

    /// <summary>The probability that a call fails outside every <see cref="ErrorRateWindows"/>; in [0, 1]. Default 0.</summary>
    public double ErrorRate { get; init => field = OptionGuards.Probability(value, nameof(ErrorRate)); }

    /// <summary>The errors a failing call returns, one drawn uniformly per failure; not empty. Default HTTP 503.</summary>
    public Seq<Error> Failures
    {
        get;
        init => field = value.IsEmpty
            ? throw new ArgumentException("A scenario needs at least one failure to draw from.", nameof(Failures))
            : value;
    } = Prelude.Seq1<Error>(new HttpStatusError(503));

    /// <summary>The latency of a call before slow-downs and overload. Default a constant 20 ms.</summary>
    public LatencyDistribution Latency { get; init => field = OptionGuards.NotNull(value, nameof(Latency)); } =
        LatencyDistribution.Constant(TimeSpan.FromMilliseconds(20));

    /// <summary>Windows with their own error rate; where several cover an instant, the last one listed wins.</summary>
    public Seq<ErrorRateWindow> ErrorRateWindows { get; init; }

    /// <summary>
    /// The share of requests that are invalid: every call made for such a request fails with
    /// <see cref="InvalidRequestError"/>, however often it is retried, as a malformed request would. In [0, 1];
    /// default 0. Which requests are invalid depends only on the seed and the request's id.
    /// </summary>
    public double InvalidRequestRate { get; init => field = OptionGuards.Probability(value, nameof(InvalidRequestRate)); }

    /// <summary>The error an invalid request gets; default HTTP 400 (permanent).</summary>
    public Error InvalidRequestError { get; init => field = OptionGuards.NotNull(value, nameof(InvalidRequestError)); } = new HttpStatusError(400);

    /// <summary>
    /// How many distinct resources (cache keys, documents) requests ask for: each request asks for one, drawn
    /// uniformly by the seed and the request's id (<see cref="SimulatedDownstream.ResourceKeyOf"/>), and a pipeline
    /// reads it as <see cref="Simulation.CurrentResourceKey"/>. From 0 to 1 000 000; default 0: requests name none.
    /// </summary>
    public int ResourceKeys { get; init => field = OptionGuards.InRange(value, 0, 1_000_000, nameof(ResourceKeys)); }

    /// <summary>Full outages.</summary>
    public Seq<Outage> Outages { get; init; }

    /// <summary>Slow-downs; where several cover an instant, their factors multiply.</summary>
    public Seq<SlowDown> SlowDowns { get; init; }

    /// <summary>How the downstream degrades under concurrent load, if it does.</summary>
    public Overload? Overload { get; init; }

    /// <summary>The outage covering <paramref name="time"/>, if any.</summary>
    /// <param name="time">A virtual time from the start of the simulation.</param>
    public Outage? OutageAt(TimeSpan time)
    {
        foreach (var outage in Outages)
        {
            if (outage.Covers(time))
            {
                return outage;
            }
        }

        return null;
    }

    /// <summary>The error rate at <paramref name="time"/>, before overload.</summary>
    /// <param name="time">A virtual time from the start of the simulation.</param>
    public double ErrorRateAt(TimeSpan time)
    {
        var rate = ErrorRate;
        foreach (var window in ErrorRateWindows)
        {
            if (window.Covers(time))
            {
                rate = window.ErrorRate;
            }
        }

        return rate;
    }

    /// <summary>The latency multiplier of the slow-downs covering <paramref name="time"/>.</summary>
    /// <param name="time">A virtual time from the start of the simulation.</param>
    public double LatencyFactorAt(TimeSpan time)
    {
        var factor = 1.0;
        foreach (var slowDown in SlowDowns)
        {
            if (slowDown.Covers(time))
            {
                factor *= slowDown.Factor;
            }
        }

        return factor;
    }

    /// <summary>A downstream failing at random with HTTP 503 at <paramref name="errorRate"/>, log-normal latency around 20 ms.</summary>
    /// <param name="errorRate">The failure probability; in [0, 1].</param>
    public static Scenario Flaky(double errorRate) => new()
    {
        Name = "flaky",
        ErrorRate = errorRate,
        Latency = LatencyDistribution.LogNormal(TimeSpan.FromMilliseconds(20), 0.5),
    };

    /// <summary>A healthy downstream (1 % errors) that is fully down from <paramref name="start"/> for <paramref name="duration"/>.</summary>
    /// <param name="start">When the outage begins.</param>
    /// <param name="duration">How long it lasts.</param>
    public static Scenario OutageAndRecovery(TimeSpan start, TimeSpan duration) => Flaky(0.01) with
    {
        Name = "outage",
        Outages = Prelude.Seq1(new Outage(start, duration)),
    };

    /// <summary>A healthy downstream (1 % errors) that is <paramref name="factor"/> times slower for a while.</summary>
    /// <param name="start">When the spike begins.</param>
    /// <param name="duration">How long it lasts.</param>
    /// <param name="factor">The latency multiplier.</param>
    public static Scenario LatencySpike(TimeSpan start, TimeSpan duration, double factor) => Flaky(0.01) with
    {
        Name = "latency-spike",
        SlowDowns = Prelude.Seq1(new SlowDown(start, duration, factor)),
    };

    /// <summary>A downstream (1 % errors, 50 ms) that degrades beyond <paramref name="capacity"/> calls in flight.</summary>
    /// <param name="capacity">Calls in flight it handles without degrading.</param>
    public static Scenario Overloaded(int capacity) => Flaky(0.01) with
    {
        Name = "overload",
        Latency = LatencyDistribution.LogNormal(TimeSpan.FromMilliseconds(50), 0.5),
        Overload = new Overload(capacity),
    };

    /// <summary>
    /// A cache-miss stampede: every request asks for one of <paramref name="keys"/> resources from a slow origin
    /// (1 % errors, log-normal around 200 ms) that degrades beyond <paramref name="capacity"/> calls in flight (each
    /// call beyond adds 5 % latency and 2 % errors), as when a cache in front of it has just expired.
    /// </summary>
    /// <param name="keys">The distinct resources requests ask for; at least 1.</param>
    /// <param name="capacity">Calls in flight the origin handles without degrading; at least 1.</param>
    public static Scenario Stampede(int keys, int capacity) => Flaky(0.01) with
    {
        Name = "stampede",
        Latency = LatencyDistribution.LogNormal(TimeSpan.FromMilliseconds(200), 0.5),
        Overload = new Overload(capacity) { LatencyFactorPerExcessRequest = 0.05 },
        ResourceKeys = OptionGuards.Positive(keys, nameof(keys)),
    };

    /// <summary>
    /// A downstream failing <paramref name="transientRate"/> of calls at random with HTTP 503, and every call of
    /// <paramref name="invalidRate"/> of the requests with HTTP 400: retries fix the first, never the second.
    /// </summary>
    /// <param name="transientRate">The probability that a call fails with HTTP 503; in [0, 1].</param>
    /// <param name="invalidRate">The share of requests that are invalid; in [0, 1].</param>
    public static Scenario MixedErrors(double transientRate, double invalidRate) => Flaky(transientRate) with
    {
        Name = "mixed-errors",
        InvalidRequestRate = invalidRate,
    };

    /// <summary>A downstream rejecting <paramref name="errorRate"/> of calls with HTTP 400, an error no retry can fix.</summary>
    /// <param name="errorRate">The rejection probability; in [0, 1].</param>
    public static Scenario PermanentErrors(double errorRate) => Flaky(errorRate) with
    {
        Name = "permanent-errors",
        Failures = Prelude.Seq1<Error>(new HttpStatusError(400)),
    };
}
