namespace Resilience.Functional.Redis;

/// <summary>
/// Whether a component's last call to Redis worked, for health checks and telemetry: each outage is recorded once
/// when it begins (<see cref="RedisTelemetry.Unavailable"/>) and once when it ends (<see cref="RedisTelemetry.Recovered"/>).
/// Thread-safe; a success while available costs one volatile read.
/// </summary>
public sealed class RedisAvailability
{
    private readonly TelemetryRecorder telemetry;
    private readonly TimeProvider clock;
    private readonly Lock gate = new();
    private volatile bool down;
    private DateTimeOffset? since;
    private Exception? lastFault;
    private long outages;

    internal RedisAvailability(string name, TimeProvider clock)
    {
        Name = name;
        this.clock = clock;
        telemetry = new TelemetryRecorder(name, null, clock);
    }

    /// <summary>The component's name, the <c>resilience.policy.name</c> of its events and the name of its health check.</summary>
    public string Name { get; }

    /// <summary>False from a failed call until the next successful one.</summary>
    public bool IsAvailable => !down;

    /// <summary>When the current outage began, or null while available.</summary>
    public DateTimeOffset? UnavailableSince
    {
        get
        {
            lock (gate)
            {
                return since;
            }
        }
    }

    /// <summary>The fault that began the current or last outage, if any.</summary>
    public Exception? LastFault
    {
        get
        {
            lock (gate)
            {
                return lastFault;
            }
        }
    }

    /// <summary>How many outages began since the component was made.</summary>
    public long Outages => Interlocked.Read(ref outages);

    /// <summary>A health check: healthy while available, unhealthy during an outage (with when it began and the fault).</summary>
    public HealthCheck HealthCheck() =>
        Functional.HealthCheck.FromState(Name, () => down
            ? HealthResult.Unhealthy($"Redis unavailable since {UnavailableSince:O}: {LastFault?.Message}")
            : HealthResult.Healthy("Redis reachable"));

    internal void Succeeded()
    {
        if (!down)
        {
            return;
        }

        lock (gate)
        {
            if (!down)
            {
                return;
            }

            down = false;
            since = null;
        }

        telemetry.Occurred(RedisTelemetry.Recovered);
    }

    internal void Failed(Exception fault)
    {
        lock (gate)
        {
            lastFault = fault;
            if (down)
            {
                return;
            }

            down = true;
            since = clock.GetUtcNow();
            outages++;
        }

        telemetry.Occurred(RedisTelemetry.Unavailable);
    }
}
