namespace Resilience.Functional.Tests;

/// <summary>
/// An independent, deliberately naive model of the breaker's specification: it keeps every outcome of the current
/// closed period in a list and recounts the window from scratch on each call. It shares no code with the library.
/// </summary>
public sealed class ReferenceBreaker
{
    private readonly ModelConfig config;
    private readonly List<(long Ticks, bool Failure, bool Slow)> outcomes = new();
    private int consecutive;
    private int openings;
    private long openUntil;
    private int probesHeld;
    private int probesSucceeded;

    public ReferenceBreaker(ModelConfig config) => this.config = config;

    public string State { get; private set; } = "Closed";

    public int Phase { get; private set; }

    public (bool Admitted, int Phase, bool Probe, TimeSpan RetryAfter) Request(long now)
    {
        Tick(now);
        switch (State)
        {
            case "Closed":
                return (true, Phase, false, TimeSpan.Zero);
            case "Open":
                return (false, -1, false, TimeSpan.FromTicks(openUntil - now));
            case "Isolated":
                return (false, -1, false, TimeSpan.MaxValue);
        }

        if (probesHeld >= config.Probes)
        {
            return (false, -1, false, TimeSpan.Zero);
        }

        probesHeld++;
        return (true, Phase, true, TimeSpan.Zero);
    }

    /// <summary>kind: "ok", "fail", "ignored", "cancelled", "probe-timeout".</summary>
    public void Complete(int phase, string kind, bool slow, long now)
    {
        Tick(now);
        if (phase != Phase)
        {
            return;
        }

        if (State == "Closed" && kind is "ok" or "fail")
        {
            var failure = kind == "fail";
            consecutive = failure ? consecutive + 1 : 0;
            outcomes.Add((now, failure, slow));
            var (calls, failures, slows) = Counts(now);
            var ratioTrip = calls >= config.MinimumThroughput
                && ((config.FailureRatio is { } fr && (double)failures / calls >= fr)
                    || (config.SlowRatio is { } sr && (double)slows / calls >= sr));
            if ((config.Consecutive is { } limit && consecutive >= limit) || ratioTrip)
            {
                Open(now);
            }
        }
        else if (State == "HalfOpen")
        {
            var probeFailed = kind is "fail" or "probe-timeout" || (kind == "ok" && slow && config.SlowRatio.HasValue);
            if (probeFailed)
            {
                Open(now);
            }
            else if (kind == "ok")
            {
                probesSucceeded++;
                if (probesSucceeded == config.Probes)
                {
                    openings = 0;
                    Become("Closed");
                }
            }
            else
            {
                probesHeld--;
            }
        }
    }

    public void Isolate(long now)
    {
        Tick(now);
        if (State != "Isolated")
        {
            Become("Isolated");
        }
    }

    public void Reset(long now)
    {
        Tick(now);
        openings = 0;
        Become("Closed");
    }

    public string ObservedState(long now) => State == "Open" && now >= openUntil ? "HalfOpen" : State;

    public (int Calls, int Failures, int Slows) Counts(long now)
    {
        if (!config.WindowOn || State != "Closed")
        {
            return (0, 0, 0);
        }

        IEnumerable<(long Ticks, bool Failure, bool Slow)> window = config.BucketTicks is { } bucket
            ? outcomes.Where(o => o.Ticks / bucket > (now / bucket) - config.Buckets)
            : outcomes.Skip(Math.Max(0, outcomes.Count - config.WindowSize));
        var list = window.ToList();
        return (list.Count, list.Count(o => o.Failure), list.Count(o => o.Slow));
    }

    private void Tick(long now)
    {
        if (State == "Open" && now >= openUntil)
        {
            Become("HalfOpen");
        }
    }

    private void Open(long now)
    {
        openings++;
        var breakTicks = config.GrowingBreak
            ? Math.Min(TimeSpan.FromSeconds(8).Ticks, TimeSpan.FromSeconds(1).Ticks * (long)Math.Pow(2, openings - 1))
            : TimeSpan.FromSeconds(1).Ticks;
        openUntil = now + breakTicks;
        Become("Open");
    }

    private void Become(string state)
    {
        State = state;
        Phase++;
        outcomes.Clear();
        consecutive = 0;
        probesHeld = 0;
        probesSucceeded = 0;
    }
}

/// <summary>The settings of one model run, mirrored into <see cref="CircuitBreakerOptions"/> by the test.</summary>
public sealed record ModelConfig(
    string Name,
    int? Consecutive,
    double? FailureRatio,
    double? SlowRatio,
    int WindowSize,
    long? BucketTicks,
    int Buckets,
    int MinimumThroughput,
    int Probes,
    bool GrowingBreak)
{
    public bool WindowOn => FailureRatio.HasValue || SlowRatio.HasValue;
}
