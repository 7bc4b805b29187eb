using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>The single-flight combinator.</summary>
public static class SingleFlightExtensions
{
    /// <summary>
    /// Coalesces concurrent calls of <paramref name="operation"/> with the same <paramref name="key"/>: the first call
    /// runs it, every call with the key while it is in flight joins that execution, and all receive its outcome (a
    /// success, an error, an exception as an <see cref="Exceptional"/> error). A caller that cancels gets
    /// <see cref="CancelledError"/> at once and the others go on; the execution's token is cancelled only when every
    /// caller has left. Nothing is kept after completion (the next call runs the operation again) unless
    /// <see cref="SingleFlightOptions.ReuseFor"/> is set: then a success answers the calls with its key for that long.
    /// </summary>
    /// <remarks>
    /// The shared execution runs with a token of its own, not with any caller's: put a timeout inside
    /// (<c>op.WithTimeout(…).WithSingleFlight(…)</c>) to bound it. Reports a
    /// <see cref="SingleFlightTelemetry.Joined"/> event per joining call under <see cref="SingleFlightOptions.Name"/>
    /// (docs/telemetry.md#single-flight).
    /// </remarks>
    /// <typeparam name="TKey">The key calls are coalesced by.</typeparam>
    /// <typeparam name="T">The type of the success value.</typeparam>
    /// <param name="operation">The operation to share (say, the load of a cache miss).</param>
    /// <param name="flights">The executions in flight, shared by every call of this kind.</param>
    /// <param name="key">What makes two calls the same call (say, the cache key).</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Func<CancellationToken, ValueTask<Either<Error, T>>> WithSingleFlight<TKey, T>(
        this Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        SingleFlight<TKey, T> flights,
        TKey key)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(flights);
        ArgumentNullException.ThrowIfNull(key);
        return ct => flights.Run(operation, key, ct);
    }
}
