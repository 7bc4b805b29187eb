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
    public static TimeSpan? Remaining(CancellationToken ct)
    {
        try
        {
            return SourceOf(ref ct) switch
            {
                LeaseTokenSource source => source.Lease.Remaining(),
                TimeoutEpoch epoch => epoch.Remaining(),
                _ => null,
            };
        }
        catch (MissingFieldException)
        {
            // A runtime whose token keeps its source under another name: no deadline is known, and waits behave as
            // they would without one.
            return null;
        }
    }

    // The token's source is not public; reading it costs a field load, where a registry of tokens would cost a lookup
    // on every timeout.
    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_source")]
    private static extern ref CancellationTokenSource? SourceOf(ref CancellationToken token);
}
