namespace Resilience.Functional.Load;

/// <summary>What one round of one library measured.</summary>
/// <param name="Side">The library.</param>
/// <param name="Round">The round, from 1.</param>
/// <param name="Operations">Calls made by all workers.</param>
/// <param name="Failures">Calls that did not succeed (expected 0: the operation always succeeds).</param>
/// <param name="Elapsed">Wall time from the start signal to the last worker's end.</param>
/// <param name="WorkerBytes">Bytes allocated on the worker threads during the round.</param>
/// <param name="ProcessBytes">Bytes allocated by the whole process during the round (timers and the runtime included).</param>
/// <param name="Collections">Collections of generations 0, 1 and 2 during the round (a gen-1 collection also counts in gen 0's count).</param>
/// <param name="ProcessorTime">CPU time the whole process used during the round: on a shared machine the workers get less than their cores.</param>
/// <param name="PeakWorkingSet">The process's peak working set at the end of the round: the peak so far, of every round before too.</param>
internal sealed record RoundResult(
    string Side,
    int Round,
    long Operations,
    long Failures,
    TimeSpan Elapsed,
    long WorkerBytes,
    long ProcessBytes,
    IReadOnlyList<int> Collections,
    TimeSpan ProcessorTime,
    long PeakWorkingSet)
{
    /// <summary>Calls per second of wall time.</summary>
    public double OpsPerSecond => Operations / Elapsed.TotalSeconds;

    /// <summary>Calls per second of the process's CPU time: less sensitive than <see cref="OpsPerSecond"/> to other load on the machine.</summary>
    public double OpsPerCpuSecond => ProcessorTime > TimeSpan.Zero ? Operations / ProcessorTime.TotalSeconds : double.NaN;

    /// <summary>Worker-thread bytes per call.</summary>
    public double BytesPerOp => Operations == 0 ? 0 : (double)WorkerBytes / Operations;
}
