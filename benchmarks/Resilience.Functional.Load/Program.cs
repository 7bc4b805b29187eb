using Resilience.Functional.Load;

var (settings, error) = LoadArguments.Parse(args);
if (settings is null)
{
    (error is null ? Console.Out : Console.Error).WriteLine(error is null ? LoadArguments.Usage : $"{error}{Environment.NewLine}Run with --help for the options.");
    return error is null ? 0 : 2;
}

var ours = Pipelines.Functional();
var theirs = Pipelines.Polly();
Console.WriteLine($"{settings.Workers} workers, {settings.Rounds} rounds of {settings.Duration.TotalSeconds:0.###} s per library, {Environment.ProcessorCount} cores, server GC {System.Runtime.GCSettings.IsServerGC}.");
var results = LoadRun.Run(
    settings,
    ours,
    theirs,
    () => Thread.Sleep(settings.Duration),
    () => Thread.Sleep(TimeSpan.FromSeconds(Math.Min(2, settings.Duration.TotalSeconds))),
    r => Console.WriteLine($"  round {r.Round}: {r.Side} done"));
Console.WriteLine();
Console.Write(LoadReport.Format(settings, results, ours.Name, theirs.Name));
Console.WriteLine();
Console.Write(LoadReport.Layers(Pipelines.FunctionalLayers().Select(static l => (l.Name, LoadRound.BytesPerCall(l, 100_000))).ToList()));
return results.Any(static r => r.Failures > 0) ? 1 : 0;
