using System.Runtime.CompilerServices;

namespace Resilience.Functional;

/// <summary>
/// The open <see cref="TimeoutEpoch"/> of one timeout: the calls whose caller's token cannot be cancelled share its
/// token instead of renting a lease, so such a call costs a field read. An epoch is opened by the first call that finds
/// none and closes itself one slice (<see cref="TimeoutLease.LookInterval"/>) later; an idle timeout has none open and
/// no timer running. See docs/timeout.md#shared-deadlines.
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

    /// <summary>The epoch a call beginning now joins: the open one, or a new one.</summary>
    public TimeoutEpoch Current() => Volatile.Read(ref open) ?? Open();

    /// <summary>Ends <paramref name="epoch"/>'s admissions: calls from now on join a new epoch.</summary>
    public void Close(TimeoutEpoch epoch) => Interlocked.CompareExchange(ref open, null, epoch);

    // Out of line: once per slice. Of two calls that race to open an epoch, the loser's was never started (it has no
    // timer, so it needs no disposal) and it joins the winner's.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private TimeoutEpoch Open()
    {
        var fresh = new TimeoutEpoch(this);
        if (Interlocked.CompareExchange(ref open, fresh, null) is { } other)
        {
            return other;
        }

        fresh.Start();
        return fresh;
    }
}
