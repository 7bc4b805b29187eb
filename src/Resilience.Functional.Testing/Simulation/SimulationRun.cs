namespace Resilience.Functional.Testing;

using Operation = Func<CancellationToken, ValueTask<Either<Error, SimulatedReply>>>;

/// <summary>The mutable state of one <see cref="Simulation.Run"/>; the loop's baton keeps its use single-threaded.</summary>
internal sealed class SimulationRun
{
    private readonly Simulation simulation;
    private readonly Func<Operation, Operation> pipeline;
    private readonly SimulationProbe[] probes;
    private readonly IEnumerator<(TimeSpan At, int Tenant, bool InBurst)> arrivals;
    private readonly List<RequestOutcome?>? outcomes;
    private readonly Queue<Request> waiting = new();
    private readonly Dictionary<string, int> failures = new(StringComparer.Ordinal);
    private readonly LatencyHistogram latency = new();
    private readonly LatencyHistogram bucketLatency = new();
    private readonly List<BucketCounts> buckets = [];
    private readonly List<SimulationEvent> events = [];
    private readonly string?[] probeValues;
    private readonly List<ProbeSample>[] probeTimelines;
    private readonly CancellationTokenSource giveUp = new();
    private readonly TaskCompletionSource<SimulationResult> done = new();
    private readonly long bucketTicks;
    private ITimer? arrivalTimer;
    private ITimer? drainTimer;
    private (TimeSpan At, int Tenant, bool InBurst)? upcoming;
    private int arrived;
    private int active;
    private int completed;
    private int succeeded;
    private int burstArrived;
    private int burstSucceeded;
    private long burstCalls;
    private int bucketLatencyIndex = -1;
    private bool pumping;

    /// <summary>A run over <paramref name="arrivals"/>, read one at a time so that nothing is kept per request unless the options say so.</summary>
    internal SimulationRun(Simulation simulation, Func<Operation, Operation> pipeline, SimulationProbe[] probes, IEnumerable<(TimeSpan At, int Tenant, bool InBurst)> arrivals)
    {
        this.simulation = simulation;
        this.pipeline = pipeline;
        this.probes = probes;
        this.arrivals = arrivals.GetEnumerator();
        upcoming = this.arrivals.MoveNext() ? this.arrivals.Current : null;
        outcomes = simulation.Options.RecordRequests ? [] : null;
        probeValues = new string?[probes.Length];
        probeTimelines = probes.Select(_ => new List<ProbeSample>()).ToArray();
        bucketTicks = simulation.Options.BucketSize.Ticks;
    }

    private TimeSpan Now => simulation.Downstream.Now;

    private SimulationOptions Options => simulation.Options;

    internal Task<SimulationResult> Start()
    {
        var time = simulation.Time;
        drainTimer = time.CreateTimer(static s => ((SimulationRun)s!).GiveUp(), this, Options.Requests.Duration + Options.DrainTimeout, Timeout.InfiniteTimeSpan);
        arrivalTimer = time.CreateTimer(static s => ((SimulationRun)s!).OnArrival(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        ScheduleNextArrival();
        return done.Task;
    }

    internal void SampleProbes()
    {
        for (var i = 0; i < probes.Length; i++)
        {
            var value = probes[i].Read() ?? string.Empty;
            if (!string.Equals(value, probeValues[i], StringComparison.Ordinal))
            {
                probeValues[i] = value;
                probeTimelines[i].Add(new ProbeSample(Now, value));
                Log(SimulationEventKind.ProbeChanged, -1, 0, $"{probes[i].Name}={value}");
            }
        }
    }

    private void ScheduleNextArrival()
    {
        if (upcoming is { } next)
        {
            arrivalTimer!.Change(next.At - Now, Timeout.InfiniteTimeSpan);
        }
        else
        {
            CheckDone();
        }
    }

    private void OnArrival()
    {
        while (upcoming is { } next && next.At <= Now)
        {
            var request = new Request(arrived++, next.At, next.Tenant, next.InBurst);
            upcoming = arrivals.MoveNext() ? arrivals.Current : null;
            outcomes?.Add(null);
            Log(SimulationEventKind.Arrived, request.Id, 0, string.Empty);
            if (request.InBurst)
            {
                burstArrived++;
            }
            else
            {
                Bucket(Now).Arrivals++;
            }

            waiting.Enqueue(request);
            Pump();
        }

        ScheduleNextArrival();
    }

    private void StartRequest(Request request)
    {
        active++;
        Log(SimulationEventKind.Started, request.Id, 0, string.Empty);
        simulation.CurrentTenant = request.Tenant;
        simulation.CurrentResourceKey = simulation.Downstream.ResourceKeyOf(request.Id);
        var operation = pipeline(Downstream(request));
        simulation.CurrentResourceKey = null;
        var pending = operation.Run(giveUp.Token);
        if (pending.IsCompleted)
        {
            Complete(request, pending.Result);
        }
        else
        {
            var awaiter = pending.GetAwaiter();
            awaiter.UnsafeOnCompleted(() => Complete(request, awaiter.GetResult()));
        }
    }

    private Operation Downstream(Request request) => ct =>
    {
        var id = request.Id;
        var call = ++request.Calls;
        var callsBefore = simulation.Downstream.Calls;
        Log(SimulationEventKind.CallStarted, id, call, string.Empty);
        var pending = simulation.Downstream.Call(id, ct);
        burstCalls += request.InBurst ? simulation.Downstream.Calls - callsBefore : 0;
        var bucket = Bucket(Now);
        bucket.Calls++;
        bucket.PeakInFlight = Math.Max(bucket.PeakInFlight, simulation.Downstream.InFlight);
        if (pending.IsCompleted)
        {
            Log(SimulationEventKind.CallEnded, id, call, ErrorReason.Of(pending.Result));
            return pending;
        }

        return Observe(id, call, pending);
    };

    private async ValueTask<Either<Error, SimulatedReply>> Observe(int id, int call, ValueTask<Either<Error, SimulatedReply>> pending)
    {
        var result = await pending.ConfigureAwait(false);
        Log(SimulationEventKind.CallEnded, id, call, ErrorReason.Of(result));
        return result;
    }

    private void Complete(Request request, Either<Error, SimulatedReply> result)
    {
        var reason = ErrorReason.Of(result);
        var ok = result.IsRight;
        active--;
        completed++;
        if (request.InBurst)
        {
            // Counted apart, so that the figures are those of the regular traffic (RequestBurst).
            burstSucceeded += ok ? 1 : 0;
            Pump();
            CheckDone();
            return;
        }

        var elapsed = Now - request.Arrival;
        if (outcomes is not null)
        {
            outcomes[request.Id] = new RequestOutcome(request.Id, request.Arrival, Now, request.Calls, result);
        }

        succeeded += ok ? 1 : 0;
        if (!ok)
        {
            failures[reason] = failures.GetValueOrDefault(reason) + 1;
        }

        latency.Record(elapsed);
        Log(SimulationEventKind.Completed, request.Id, request.Calls, reason);
        var bucket = Bucket(Now);
        bucket.Completed++;
        bucket.Succeeded += ok ? 1 : 0;
        RecordBucketLatency(BucketIndex(Now), elapsed);
        Pump();
        CheckDone();
    }

    /// <summary>Starts queued requests while the caller's limit allows; a loop, not recursion, however long the queue.</summary>
    private void Pump()
    {
        if (pumping)
        {
            return;
        }

        pumping = true;
        try
        {
            while (waiting.Count > 0 && (Options.Requests.MaxConcurrency is not { } limit || active < limit))
            {
                StartRequest(waiting.Dequeue());
            }
        }
        finally
        {
            pumping = false;
        }
    }

    /// <summary>The drain deadline: the caller cancels everything; queued requests start with a cancelled token and end at once.</summary>
    private void GiveUp()
    {
        giveUp.Cancel();
        Pump();
    }

    private void CheckDone()
    {
        if (upcoming is not null || completed < arrived || done.Task.IsCompleted)
        {
            return;
        }

        arrivalTimer?.Dispose();
        drainTimer?.Dispose();
        SampleProbes();
        done.SetResult(BuildResult());
    }

    private SimulationResult BuildResult()
    {
        CloseBucketLatency();
        var timeline = new List<TimeBucket>(buckets.Count);
        var probeIndex = new int[probes.Length];
        for (var b = 0; b < buckets.Count; b++)
        {
            var start = TimeSpan.FromTicks(b * bucketTicks);
            var end = start + Options.BucketSize;
            var values = new Dictionary<string, string>(probes.Length);
            for (var p = 0; p < probes.Length; p++)
            {
                var samples = probeTimelines[p];
                while (probeIndex[p] + 1 < samples.Count && samples[probeIndex[p] + 1].At < end)
                {
                    probeIndex[p]++;
                }

                values[probes[p].Name] = samples.Count == 0 ? string.Empty : samples[probeIndex[p]].Value;
            }

            var counts = buckets[b];
            timeline.Add(new TimeBucket
            {
                Start = start,
                Size = Options.BucketSize,
                Arrivals = counts.Arrivals,
                Completed = counts.Completed,
                Succeeded = counts.Succeeded,
                DownstreamCalls = counts.Calls,
                PeakDownstreamInFlight = counts.PeakInFlight,
                Latency = counts.Latency,
                Probes = values,
            });
        }

        var probeResults = new Dictionary<string, IReadOnlyList<ProbeSample>>(probes.Length);
        for (var p = 0; p < probes.Length; p++)
        {
            probeResults[probes[p].Name] = probeTimelines[p];
        }

        return new SimulationResult(
            Options,
            outcomes is null ? [] : outcomes.Where(o => o is not null).Select(o => o!).ToArray(),
            arrived - burstArrived,
            succeeded,
            latency.Summary(),
            new SortedDictionary<string, int>(failures, StringComparer.Ordinal),
            simulation.Downstream.Calls - burstCalls,
            simulation.Downstream.PeakInFlight,
            timeline,
            probeResults,
            events,
            Now,
            burstArrived,
            burstSucceeded);
    }

    private int BucketIndex(TimeSpan at) => (int)(at.Ticks / bucketTicks);

    /// <summary>
    /// Completions happen at the loop's time, which only moves forward: so only the latest bucket's latencies need a
    /// histogram, and an earlier bucket keeps only its summary.
    /// </summary>
    private void RecordBucketLatency(int index, TimeSpan elapsed)
    {
        if (index != bucketLatencyIndex)
        {
            CloseBucketLatency();
            bucketLatencyIndex = index;
        }

        bucketLatency.Record(elapsed);
    }

    private void CloseBucketLatency()
    {
        if (bucketLatencyIndex >= 0)
        {
            buckets[bucketLatencyIndex].Latency = bucketLatency.Summary();
            bucketLatency.Clear();
            bucketLatencyIndex = -1;
        }
    }

    private BucketCounts Bucket(TimeSpan at)
    {
        var index = BucketIndex(at);
        while (buckets.Count <= index)
        {
            buckets.Add(new BucketCounts());
        }

        return buckets[index];
    }

    private void Log(SimulationEventKind kind, long request, int call, string detail)
    {
        if (Options.RecordEvents)
        {
            events.Add(new SimulationEvent(Now, kind, request, call, detail));
        }
    }

    private sealed class BucketCounts
    {
        internal int Arrivals { get; set; }

        internal int Completed { get; set; }

        internal int Succeeded { get; set; }

        internal long Calls { get; set; }

        internal int PeakInFlight { get; set; }

        internal LatencySummary Latency { get; set; } = LatencySummary.Empty;
    }

    /// <summary>A request from its arrival to its completion; nothing of it is kept after that unless requests are recorded.</summary>
    private sealed class Request(int id, TimeSpan arrival, int tenant, bool inBurst)
    {
        internal int Tenant { get; } = tenant;

        internal bool InBurst { get; } = inBurst;

        internal int Id { get; } = id;

        internal TimeSpan Arrival { get; } = arrival;

        internal int Calls { get; set; }
    }
}
