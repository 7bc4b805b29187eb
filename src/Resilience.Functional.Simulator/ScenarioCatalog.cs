using LanguageExt;

namespace Resilience.Functional.Simulator;

/// <summary>The simulator's failure scenarios, each laid out over the run's virtual duration.</summary>
internal static class ScenarioCatalog
{
    /// <summary>The scenario names, in the order the table lists them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["flaky", "outage", "latency-spike", "overload", "mixed-errors", "overload-adaptive", "noisy-tenant", "stampede"];

    /// <summary>
    /// The pipelines <paramref name="name"/> is run against: the general ones (<see cref="PipelineCatalog.General"/>)
    /// for the failure scenarios; a scenario made to show one pattern names the pipelines that pattern is compared
    /// with, since the others would only repeat the general table.
    /// </summary>
    /// <param name="name">One of <see cref="Names"/>.</param>
    public static IReadOnlyList<string> Pipelines(string name) => name switch
    {
        "flaky" or "outage" or "latency-spike" or "overload" or "mixed-errors" => PipelineCatalog.General,
        "overload-adaptive" => ConcurrencyPipelines.Names,
        "noisy-tenant" => PipelineCatalog.NoisyTenant,
        "stampede" => ["no-coalescing", "single-flight"],
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown scenario."),
    };

    /// <summary>What each scenario does, for the report.</summary>
    public static string Describe(string name, TimeSpan duration) => name switch
    {
        "flaky" => "10 % of calls fail with HTTP 503; latency log-normal around 20 ms.",
        "outage" => $"1 % errors, then a full outage (every call fails at once with HTTP 503) from {Clock(OutageStart(duration))} to {Clock(OutageStart(duration) + OutageLength(duration))}, then recovery.",
        "latency-spike" => $"1 % errors around 20 ms, but from {Clock(SpikeStart(duration))} to {Clock(SpikeStart(duration) + SpikeLength(duration))} calls are 100× slower (about 2 s) and 25 % of them fail after the wait.",
        "overload" => $"Latency around 50 ms and capacity just above the offered load: each call in flight beyond it adds 2 % errors and 10 % latency, so extra load feeds on itself. From {Clock(SlowStart(duration))} to {Clock(SlowStart(duration) + SlowLength(duration))} calls are 3× slower, which pushes it over the edge.",
        "mixed-errors" => "10 % of calls fail at random with HTTP 503 (transient), and 10 % of requests are invalid: every call for them fails with HTTP 400 (permanent: no retry can fix it).",
        "overload-adaptive" => $"The overload scenario, under a static bulkhead and the adaptive concurrency limits: {Describe("overload", duration)}",
        "noisy-tenant" => $"{QuietTenants} tenants share the request rate and a downstream sized for it (as in overload); from {Clock(BurstStart(duration))} to {Clock(BurstStart(duration) + BurstLength(duration))} one more tenant sends {BurstFactor}× the whole rate on its own. The figures are the quiet tenants' requests; the noisy tenant's are counted apart.",
        "stampede" => $"A cache-miss thundering herd: every request asks for one of {StampedeKeys} keys from a slow origin (log-normal around 200 ms, 1 % errors), as right after the cache in front of it expired; the origin handles about 60 % of the offered calls in flight, and each call beyond adds 5 % latency and 2 % errors.",
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown scenario."),
    };

    /// <summary>The scenario named <paramref name="name"/> over <paramref name="duration"/>.</summary>
    /// <param name="name">One of <see cref="Names"/>.</param>
    /// <param name="duration">How long requests arrive.</param>
    /// <param name="rate">Mean requests per second (the overload scenario's capacity follows it).</param>
    public static Scenario Create(string name, TimeSpan duration, double rate) => name switch
    {
        "flaky" => Scenario.Flaky(0.1),
        "outage" => Scenario.OutageAndRecovery(OutageStart(duration), OutageLength(duration)),
        "latency-spike" => Scenario.LatencySpike(SpikeStart(duration), SpikeLength(duration), 100) with
        {
            ErrorRateWindows = Prelude.Seq1(new ErrorRateWindow(SpikeStart(duration), SpikeLength(duration), 0.25)),
        },

        // Sized so the offered load (rate × 50 ms in flight on average) sits just under capacity: Poisson bursts
        // overflow it a little, and every extra call made by a retry overflows it more.
        "overload" => Scenario.Overloaded(OverloadCapacity(rate)) with
        {
            SlowDowns = Prelude.Seq1(new SlowDown(SlowStart(duration), SlowLength(duration), 3)),
        },
        "mixed-errors" => Scenario.MixedErrors(0.1, 0.1),
        "overload-adaptive" => Create("overload", duration, rate),
        "noisy-tenant" => Scenario.Overloaded(OverloadCapacity(rate)) with { Name = "noisy-tenant" },

        // Capacity 60 % of the offered load (rate × 200 ms in flight): uncoalesced, the herd overflows it; one call
        // per key stays well under it.
        "stampede" => Scenario.Stampede(StampedeKeys, Math.Max(1, (int)Math.Ceiling(rate * 0.2 * 0.6))),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown scenario."),
    };

    /// <summary>How many keys the stampede's requests ask for: a few hot ones.</summary>
    public const int StampedeKeys = 4;

    /// <summary>
    /// The traffic of <paramref name="name"/>: <paramref name="regular"/> as it is, but for the noisy tenant, whose burst
    /// comes on top of the quiet tenants' regular arrivals.
    /// </summary>
    public static RequestStream Traffic(string name, RequestStream regular) => name switch
    {
        "noisy-tenant" => regular with
        {
            Tenants = QuietTenants,
            Burst = new RequestBurst { Start = BurstStart(regular.Duration), Duration = BurstLength(regular.Duration), RatePerSecond = regular.RatePerSecond * BurstFactor, Tenant = 0 },
        },
        _ => regular,
    };

    /// <summary>How many quiet tenants the noisy-tenant scenario's regular traffic comes from.</summary>
    public const int QuietTenants = 10;

    /// <summary>The noisy tenant's rate, as a multiple of the whole regular rate (so 30 times a quiet tenant's share).</summary>
    public const int BurstFactor = 3;

    /// <summary>When the noisy tenant's burst begins: at 30 % of the run.</summary>
    public static TimeSpan BurstStart(TimeSpan duration) => Whole(duration * 0.3);

    /// <summary>How long the burst lasts: 30 % of the run.</summary>
    public static TimeSpan BurstLength(TimeSpan duration) => Whole(duration * 0.3, 1);

    /// <summary>The calls in flight the overloaded downstream takes without degrading, for <paramref name="rate"/> requests/s.</summary>
    public static int OverloadCapacity(double rate) => Math.Max(1, (int)Math.Ceiling(rate * 0.05 * 1.6));

    /// <summary>When the outage begins: at 30 % of the run.</summary>
    public static TimeSpan OutageStart(TimeSpan duration) => Whole(duration * 0.3);

    /// <summary>How long the outage lasts: 20 % of the run.</summary>
    public static TimeSpan OutageLength(TimeSpan duration) => Whole(duration * 0.2, 1);

    /// <summary>When the latency spike begins: at 40 % of the run.</summary>
    public static TimeSpan SpikeStart(TimeSpan duration) => Whole(duration * 0.4);

    /// <summary>How long the latency spike lasts: 10 % of the run.</summary>
    public static TimeSpan SpikeLength(TimeSpan duration) => Whole(duration * 0.1, 1);

    /// <summary>When the overload's slow-down begins: at 30 % of the run.</summary>
    public static TimeSpan SlowStart(TimeSpan duration) => Whole(duration * 0.3);

    /// <summary>How long the overload's slow-down lasts: 10 % of the run.</summary>
    public static TimeSpan SlowLength(TimeSpan duration) => Whole(duration * 0.1, 1);

    private static TimeSpan Whole(TimeSpan span, int atLeastSeconds = 0) =>
        TimeSpan.FromSeconds(Math.Max(atLeastSeconds, Math.Round(span.TotalSeconds)));

    private static string Clock(TimeSpan at) => at.ToString(@"m\:ss", System.Globalization.CultureInfo.InvariantCulture);
}
