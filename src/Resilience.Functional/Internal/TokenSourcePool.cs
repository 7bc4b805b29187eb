namespace Resilience.Functional;

/// <summary>
/// Plain <see cref="CancellationTokenSource"/>s from the one <see cref="TokenSourcePool{TSource}"/>, with one spare per
/// thread in front of it: a call that rents and returns on one thread (every synchronous hedged call) costs no
/// interlocked operation.
/// </summary>
internal static class TokenSourcePool
{
    private static readonly TokenSourcePool<CancellationTokenSource> Plain = new(static () => new CancellationTokenSource());

    [ThreadStatic]
    private static CancellationTokenSource? spare;

    public static CancellationTokenSource Rent()
    {
        var source = spare;
        if (source is null)
        {
            return Plain.Rent();
        }

        spare = null;
        return source;
    }

    /// <summary>Takes <paramref name="source"/> back if it was never cancelled and the pool has room; disposes it otherwise.</summary>
    public static void Return(CancellationTokenSource source)
    {
        if (!source.TryReset())
        {
            source.Dispose();
        }
        else if (spare is null)
        {
            spare = source;
        }
        else if (!Plain.TryKeep(source))
        {
            source.Dispose();
        }
    }
}
