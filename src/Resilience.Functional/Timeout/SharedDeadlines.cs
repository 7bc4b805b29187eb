using System.Runtime.CompilerServices;

namespace Resilience.Functional;

/// <summary>
/// The open <see cref="TimeoutEpoch"/> of one timeout: the calls whose caller's token cannot be cancelled share its
/// token instead of renting a lease, so such a call costs a field read. So do the calls whose caller's token is itself
/// an epoch's (a timeout inside a timeout), in an epoch linked to that one: that token is shared by every call it
/// reaches already. An epoch is opened by the first call that finds none and closes itself one slice
/// (<see cref="TimeoutLease.LookInterval"/>) later; an idle timeout has none open and no timer running. See
/// docs/timeout.md#shared-deadlines.
/// </summary>
internal sealed class SharedDeadlines
{
    private TimeoutEpoch? open;

    /// <summary>Shared deadlines of <paramref name="timeout"/> on <paramref name="time"/>.</summary>
    public SharedDeadlines(TimeProvider time, TimeSpan timeout)
    {
        Time = time;
        Timeout = timeout;
        Slice = TimeoutLease.LookInterval(timeout);
    }

    /// <summary>The clock the epochs are timed on.</summary>
    public TimeProvider Time { get; }

    /// <summary>The timeout every call of an epoch is given at least.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>How long an epoch stays open: the most by which a call's timeout can come late.</summary>
    public TimeSpan Slice { get; }

    /// <summary>
    /// The epoch a call of <paramref name="caller"/> beginning now joins: the open one, or a new one; null when the call
    /// needs a token of its own (a lease), because its caller's token is one that cancels it alone.
    /// </summary>
    public TimeoutEpoch? Join(CancellationToken caller)
    {
        TimeoutEpoch? parent = null;
        if (caller.CanBeCanceled && (parent = Deadlines.EpochOf(caller)) is null)
        {
            return null;
        }

        var current = Volatile.Read(ref open);
        return current is not null && ReferenceEquals(current.Parent, parent) ? current : Open(parent, current);
    }

    /// <summary>Ends <paramref name="epoch"/>'s admissions: calls from now on join a new epoch.</summary>
    public void Close(TimeoutEpoch epoch) => Interlocked.CompareExchange(ref open, null, epoch);

    // Out of line: once per slice, and for a nested call whose outer epoch is not the open one's. Such a call takes a
    // lease while the open epoch's outer one still admits calls, so that calls of an outer epoch that has closed (begun
    // before its end) never take turns with the current one's at opening epochs. Of two calls that race to open an
    // epoch, the loser's was never started (it has no timer, so it needs no disposal).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private TimeoutEpoch? Open(TimeoutEpoch? parent, TimeoutEpoch? current)
    {
        if (current is not null && current.Parent is not { Closed: true })
        {
            return null;
        }

        var fresh = new TimeoutEpoch(this, parent);
        if (Interlocked.CompareExchange(ref open, fresh, current) is var other && !ReferenceEquals(other, current))
        {
            return other is not null && ReferenceEquals(other.Parent, parent) ? other : null;
        }

        fresh.Start();
        return fresh;
    }
}
