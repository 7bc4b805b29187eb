namespace Resilience.Functional;

/// <summary>Plain <see cref="CancellationTokenSource"/>s from the one <see cref="TokenSourcePool{TSource}"/>.</summary>
internal static class TokenSourcePool
{
    private static readonly TokenSourcePool<CancellationTokenSource> Plain = new(static () => new CancellationTokenSource());

    public static CancellationTokenSource Rent() => Plain.Rent();

    /// <summary>Takes <paramref name="source"/> back if it was never cancelled and the pool has room; disposes it otherwise.</summary>
    public static void Return(CancellationTokenSource source)
    {
        if (!source.TryReset() || !Plain.TryKeep(source))
        {
            source.Dispose();
        }
    }
}
