using System.Runtime.CompilerServices;

namespace Resilience.Functional;

/// <summary>
/// The time left before the deadline of the timeout a call runs inside, found through the call's token: the token of a
/// timeout's lease, handed on unchanged by every layer that does not make a token of its own (breaker, bulkhead, rate
/// limiter, fallback, retry). A retry or a queued wait asks before it waits, so that it never waits past the deadline
/// (docs/timeout.md#deadlines).
/// </summary>
internal static class Deadlines
{
    /// <summary>
    /// The time left on the deadline behind <paramref name="ct"/>, never less than is really left; null when the token
    /// is not a timeout's (or the timeout has ended).
    /// </summary>
    public static TimeSpan? Remaining(CancellationToken ct) =>
        Readable
            ? SourceOf(ref ct) switch
            {
                LeaseTokenSource source => source.Lease.Remaining(),
                TimeoutEpoch epoch => epoch.Remaining(),
                _ => null,
            }
            : null;

    /// <summary>The shared epoch <paramref name="ct"/> is the token of, if it is one (docs/timeout.md#shared-deadlines).</summary>
    public static TimeoutEpoch? EpochOf(CancellationToken ct) => Readable ? SourceOf(ref ct) as TimeoutEpoch : null;

    // Read once: on a runtime whose token keeps its source under another name no deadline is known, and waits and
    // timeouts behave as they would without one.
    private static readonly bool Readable = CanRead();

    private static bool CanRead()
    {
        try
        {
            var token = CancellationToken.None;
            _ = SourceOf(ref token);
            return true;
        }
        catch (MissingFieldException)
        {
            return false;
        }
    }

    // The token's source is not public; reading it costs a field load, where a registry of tokens would cost a lookup
    // on every timeout.
    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_source")]
    private static extern ref CancellationTokenSource? SourceOf(ref CancellationToken token);
}
