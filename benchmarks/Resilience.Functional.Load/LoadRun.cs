namespace Resilience.Functional.Load;

/// <summary>
/// A whole run: a warm-up of each library (so the JIT's tiers settle before anything counts), then the rounds,
/// alternating which library goes first, so that neither always runs on a machine warmed or disturbed by the other.
/// </summary>
internal static class LoadRun
{
    /// <summary>The rounds in the order they ran.</summary>
    /// <param name="settings">Workers and rounds.</param>
    /// <param name="ours">Our side.</param>
    /// <param name="theirs">Polly's side.</param>
    /// <param name="wait">Blocks for one round (see <see cref="LoadRound.Run"/>).</param>
    /// <param name="warmUp">Blocks for the warm-up of each side.</param>
    /// <param name="progress">Told of each round as it ends.</param>
    public static IReadOnlyList<RoundResult> Run(LoadSettings settings, Side ours, Side theirs, Action wait, Action warmUp, Action<RoundResult> progress)
    {
        LoadRound.Run(ours, 0, settings.Workers, warmUp);
        LoadRound.Run(theirs, 0, settings.Workers, warmUp);
        var results = new List<RoundResult>();
        for (var round = 1; round <= settings.Rounds; round++)
        {
            foreach (var side in round % 2 == 1 ? [ours, theirs] : new[] { theirs, ours })
            {
                var result = LoadRound.Run(side, round, settings.Workers, wait);
                results.Add(result);
                progress(result);
            }
        }

        return results;
    }
}
