namespace Resilience.Functional.Testing;

using Operation = Func<CancellationToken, ValueTask<Either<Error, SimulatedReply>>>;

/// <summary>The mutable state of one <see cref="Simulation.Run"/>; the loop's baton keeps its use single-threaded.</summary>
internal sealed class SimulationRun
{
    private readonly Simulation simulation;
    private readonly Func<Operation, Operation> pipeline;
    private readonly SimulationProbe[] probes;
    private readonly IReadOnlyList<TimeSpan> arrivals;
    private readonly RequestOutcome?[] outcomes;
    private readonly int[] calls;
    private readonly Queue<int> waiting = new();
    private readonly List<BucketCounts> buckets = [];
    private readonly List<SimulationEvent> events = [];
    private readonly string?[] probeValues;
    private readonly List<ProbeSample>[] probeTimelines;
    private readonly CancellationTokenSource giveUp = new();
    private readonly TaskCompletionSource<SimulationResult> done = new();
    private readonly long bucketTicks;
    private ITimer? arrivalTimer;
    private ITimer? drainTimer;
    private int next;
    private int active;
    private int completed;
    private bool pumping;

    internal SimulationRun(Simulation simulation, Func<Operation, Operation> pipeline, SimulationProbe[] probes, IReadOnlyList<TimeSpan> arrivals)
    {
        this.simulation = simulation;
        this.pipeline = pipeline;
        this.probes = probes;
        this.arrivals = arrivals;
        outcomes = new RequestOutcome?[arrivals.Count];
        calls = new int[arrivals.Count];
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
        if (next < arrivals.Count)
        {
            arrivalTimer!.Change(arrivals[next] - Now, Timeout.InfiniteTimeSpan);
        }
        else
        {
            CheckDone();
        }
    }

    private void OnArrival()
    {
        while (next < arrivals.Count && arrivals[next] <= Now)
        {
            var id = next++;
            Log(SimulationEventKind.Arrived, id, 0, string.Empty);
            Bucket(Now).Arrivals++;
            waiting.Enqueue(id);
            Pump();
        }

        ScheduleNextArrival();
    }

    private void StartRequest(int id)
    {
        active++;
        Log(SimulationEventKind.Started, id, 0, string.Empty);
        var pending = pipeline(Downstream(id)).Run(giveUp.Token);
        if (pending.IsCompleted)
        {
            Complete(id, pending.Result);
        }
        else
        {
            var awaiter = pending.GetAwaiter();
            awaiter.UnsafeOnCompleted(() => Complete(id, awaiter.GetResult()));
        }
    }

    private Operation Downstream(int id) => ct =>
    {
        var call = ++calls[id];
        Log(SimulationEventKind.CallStarted, id, call, string.Empty);
        var pending = simulation.Downstream.Call(id, ct);
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

    private void Complete(int id, Either<Error, SimulatedReply> result)
    {
        var outcome = new RequestOutcome(id, arrivals[id], Now, calls[id], result);
        outcomes[id] = outcome;
        active--;
        completed++;
        Log(SimulationEventKind.Completed, id, calls[id], outcome.Reason);
        var bucket = Bucket(Now);
        bucket.Completed++;
        bucket.Succeeded += outcome.Succeeded ? 1 : 0;
        bucket.Latencies.Add(outcome.Latency);
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
        if (next < arrivals.Count || completed < arrivals.Count || done.Task.IsCompleted)
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
                Latency = LatencySummary.Of(counts.Latencies),
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
            outcomes.Select(o => o!).ToArray(),
            simulation.Downstream.Calls,
            simulation.Downstream.PeakInFlight,
            timeline,
            probeResults,
            events,
            Now);
    }

    private BucketCounts Bucket(TimeSpan at)
    {
        var index = (int)(at.Ticks / bucketTicks);
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

        internal List<TimeSpan> Latencies { get; } = [];
    }
}
