using System.Globalization;
using System.Text;

namespace Resilience.Functional.Load;

/// <summary>The text report of a load run.</summary>
internal static class LoadReport
{
    /// <summary>The ops/s ratio the issue asks for at 2 workers.</summary>
    public const double Goal = 3;

    /// <summary>Fewer bytes per call than this (one byte per hundred calls) is no per-call allocation.</summary>
    public const double OneOff = 0.01;

    /// <summary>One line per round and a summary (medians over rounds) with the goal's verdict.</summary>
    public static string Format(LoadSettings settings, IReadOnlyList<RoundResult> rounds, string ours, string theirs)
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant($"{"round",5} {"library",-22} {"ops/s",14} {"ops/CPU-s",14} {"B/op",8} {"B/op (process)",14} {"gen0",5} {"gen1",5} {"gen2",5} {"failures",9} {"peak WS so far",15}"));
        foreach (var r in rounds)
        {
            text.AppendLine(Invariant(
                $"{r.Round,5} {r.Side,-22} {r.OpsPerSecond,14:N0} {r.OpsPerCpuSecond,14:N0} {r.BytesPerOp,8:0.###} {(double)r.ProcessBytes / r.Operations,14:0.###} {r.Collections[0],5} {r.Collections[1],5} {r.Collections[2],5} {r.Failures,9} {r.PeakWorkingSet / 1048576.0,12:0.0} MB"));
        }

        var a = rounds.Where(r => r.Side == ours).ToList();
        var b = rounds.Where(r => r.Side == theirs).ToList();
        var ratio = Median(a.Select(static r => r.OpsPerSecond)) / Median(b.Select(static r => r.OpsPerSecond));
        var bytes = a.Max(static r => r.BytesPerOp);
        var older = a.Sum(static r => r.Collections[1] + r.Collections[2]);
        text.AppendLine();
        text.AppendLine(Invariant($"Median ops/s: {ours} {Median(a.Select(static r => r.OpsPerSecond)):N0}, {theirs} {Median(b.Select(static r => r.OpsPerSecond)):N0}: {ratio:0.00}x."));
        text.AppendLine(Invariant($"Median ops per CPU-second: {ours} {Median(a.Select(static r => r.OpsPerCpuSecond)):N0}, {theirs} {Median(b.Select(static r => r.OpsPerCpuSecond)):N0}: {Median(a.Select(static r => r.OpsPerCpuSecond)) / Median(b.Select(static r => r.OpsPerCpuSecond)):0.00}x (the CPU the process got; ops/s also depends on what else runs)."));
        text.AppendLine(Invariant($"{ours}: at most {bytes:0.######} B/op on the workers ({a.Max(static r => r.WorkerBytes)} B in its largest round), {older} gen-1/gen-2 collections in its rounds; {theirs}: at most {b.Max(static r => r.BytesPerOp):0.###} B/op."));
        // A per-call allocation is at least one small object (24 B) per call; a few bytes over millions of calls are
        // the runtime's own one-off allocations on the thread (docs: tests' Allocations helper), not the pipeline's.
        var met = ratio >= Goal && bytes < OneOff && older == 0;
        text.AppendLine(Invariant($"Goal at 2 workers (>= {Goal:0}x Polly's ops/s, 0 B/op, no gen-1/gen-2 collections): {(settings.Workers != 2 ? "only judged at 2 workers" : met ? "met" : "not met")}."));
        text.AppendLine("Peak WS is the process's high-water mark (Process.PeakWorkingSet64, the kernel's VmHWM): it covers every round before it too,");
        text.AppendLine("so it shows what the run needed at most, not which library needed it; the kernel syncs it lazily, so it can read slightly lower later.");
        return text.ToString();
    }

    /// <summary>The per-layer allocation table of our side.</summary>
    public static string Layers(IReadOnlyList<(string Layer, double Bytes)> layers)
    {
        var text = new StringBuilder("Bytes per call of each layer of our standard pipeline alone, one thread:").AppendLine();
        foreach (var (layer, bytes) in layers)
        {
            text.AppendLine(Invariant($"  {layer,-22} {bytes,8:0.###} B"));
        }

        return text.ToString();
    }

    /// <summary>The median of <paramref name="values"/>.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
