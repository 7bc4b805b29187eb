namespace Resilience.Functional;

/// <summary>
/// One spare <see cref="CancellationTokenSource"/> per thread, so an operation that completes synchronously under a
/// token of its own costs no allocation. A source is taken back only if it was never cancelled.
/// </summary>
internal static class CancellationSourceCache
{
    [ThreadStatic]
    private static CancellationTokenSource? spare;

    public static CancellationTokenSource Rent()
    {
        var source = spare;
        if (source is null)
        {
            return new CancellationTokenSource();
        }

        spare = null;
        return source;
    }

    public static void Return(CancellationTokenSource source)
    {
        if (source.TryReset())
        {
            spare = source;
        }
        else
        {
            source.Dispose();
        }
    }
}
