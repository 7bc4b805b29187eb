using System.Globalization;

namespace Resilience.Functional.Testing;

/// <summary>Everything a simulation measured: per request, in total, and over time.</summary>
public sealed class SimulationResult
{
    internal SimulationResult(
        SimulationOptions options,
        IReadOnlyList<RequestOutcome> requests,
        int requestCount,
        int succeeded,
        LatencySummary latency,
        IReadOnlyDictionary<string, int> failuresByReason,
        long downstreamCalls,
        int peakDownstreamInFlight,
        IReadOnlyList<TimeBucket> timeline,
        IReadOnlyDictionary<string, IReadOnlyList<ProbeSample>> probes,
        IReadOnlyList<SimulationEvent> events,
        TimeSpan virtualDuration,
        int burstRequests = 0,
        int burstSucceeded = 0)
    {
        BurstRequests = burstRequests;
        BurstSucceeded = burstSucceeded;
        Options = options;
        Requests = requests;
        DownstreamCalls = downstreamCalls;
        PeakDownstreamInFlight = peakDownstreamInFlight;
        Timeline = timeline;
        Probes = probes;
        Events = events;
        VirtualDuration = virtualDuration;
        RequestCount = requestCount;
        Succeeded = succeeded;
        Latency = latency;
        FailuresByReason = failuresByReason;
    }

    /// <summary>
    /// Requests of the <see cref="RequestStream.Burst"/>, counted apart: they are in no other figure of the result but
    /// <see cref="PeakDownstreamInFlight"/> and the timeline's downstream calls (the downstream's view).
    /// </summary>
    public int BurstRequests { get; }

    /// <summary>Requests of the burst that succeeded.</summary>
    public int BurstSucceeded { get; }

    /// <summary>The options of the run.</summary>
    public SimulationOptions Options { get; }

    /// <summary>Every request, in order of arrival, if <see cref="SimulationOptions.RecordRequests"/>; otherwise empty.</summary>
    public IReadOnlyList<RequestOutcome> Requests { get; }

    /// <summary>How many requests arrived (and completed), whether or not they were recorded.</summary>
    public int RequestCount { get; }

    /// <summary>Requests that succeeded.</summary>
    public int Succeeded { get; }

    /// <summary>Succeeded / requests; 1 when there were no requests.</summary>
    public double SuccessRate => RequestCount == 0 ? 1 : (double)Succeeded / RequestCount;

    /// <summary>
    /// Caller-seen latency of all requests, successes and failures alike, counted in a histogram of bounded size:
    /// count, minimum, maximum and mean are exact, and each percentile is a latency that occurred, at most 0.8 % above the
    /// exact nearest-rank one.
    /// </summary>
    public LatencySummary Latency { get; }

    /// <summary>Calls the downstream received.</summary>
    public long DownstreamCalls { get; }

    /// <summary>Downstream calls per request (1 without resilience; retries and hedges raise it, breakers lower it); 0 when there were no requests.</summary>
    public double LoadAmplification => RequestCount == 0 ? 0 : (double)DownstreamCalls / RequestCount;

    /// <summary>The most downstream calls in flight at once.</summary>
    public int PeakDownstreamInFlight { get; }

    /// <summary>Failed requests by <see cref="ErrorReason"/>, in ordinal order of reason.</summary>
    public IReadOnlyDictionary<string, int> FailuresByReason { get; }

    /// <summary>Statistics per <see cref="SimulationOptions.BucketSize"/> of virtual time, from time zero to the last completion.</summary>
    public IReadOnlyList<TimeBucket> Timeline { get; }

    /// <summary>Each probe's values over time: its first reading at time zero, then one sample per change.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<ProbeSample>> Probes { get; }

    /// <summary>The full event log, if <see cref="SimulationOptions.RecordEvents"/>; otherwise empty.</summary>
    public IReadOnlyList<SimulationEvent> Events { get; }

    /// <summary>
    /// How often the pipeline's code resumed on the thread pool (after a cancelled <c>Task.Delay</c>); see
    /// <see cref="VirtualTimeLoop"/>. Such resumptions are serialised with the loop; only several at one instant
    /// could reorder between runs.
    /// </summary>
    public long OffLoopResumptions { get; internal set; }

    /// <summary>Virtual time from the start to the last completion.</summary>
    public TimeSpan VirtualDuration { get; }

    /// <summary>The requests that arrived in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    /// <param name="from">The start of the window (inclusive).</param>
    /// <param name="to">The end of the window (exclusive).</param>
    /// <exception cref="InvalidOperationException">The requests were not recorded (<see cref="SimulationOptions.RecordRequests"/> is false).</exception>
    public IEnumerable<RequestOutcome> ArrivedBetween(TimeSpan from, TimeSpan to) =>
        Options.RecordRequests
            ? Requests.Where(r => r.Arrival >= from && r.Arrival < to)
            : throw new InvalidOperationException("The requests were not recorded: set SimulationOptions.RecordRequests to query windows of them.");

    /// <summary>Downstream calls per request for the requests that arrived in [<paramref name="from"/>, <paramref name="to"/>); 0 if none.</summary>
    /// <param name="from">The start of the window (inclusive).</param>
    /// <param name="to">The end of the window (exclusive).</param>
    /// <exception cref="InvalidOperationException">The requests were not recorded (<see cref="SimulationOptions.RecordRequests"/> is false).</exception>
    public double LoadAmplificationBetween(TimeSpan from, TimeSpan to)
    {
        var window = ArrivedBetween(from, to).ToList();
        return window.Count == 0 ? 0 : window.Average(r => (double)r.Calls);
    }

    /// <summary>The success rate of the requests that arrived in [<paramref name="from"/>, <paramref name="to"/>); 1 if none.</summary>
    /// <param name="from">The start of the window (inclusive).</param>
    /// <param name="to">The end of the window (exclusive).</param>
    /// <exception cref="InvalidOperationException">The requests were not recorded (<see cref="SimulationOptions.RecordRequests"/> is false).</exception>
    public double SuccessRateBetween(TimeSpan from, TimeSpan to)
    {
        var window = ArrivedBetween(from, to).ToList();
        return window.Count == 0 ? 1 : window.Count(r => r.Succeeded) / (double)window.Count;
    }

    /// <summary>A one-line summary: requests, success rate, p50/p99, amplification, failures by reason.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{RequestCount} requests, success {SuccessRate:P2}, p50 {Latency.P50.TotalMilliseconds:F1} ms, " +
        $"p99 {Latency.P99.TotalMilliseconds:F1} ms, {LoadAmplification:F2} calls/request, failures: ") +
        (FailuresByReason.Count == 0 ? "none" : string.Join(", ", FailuresByReason.Select(f => $"{f.Key} {f.Value}")));
}
