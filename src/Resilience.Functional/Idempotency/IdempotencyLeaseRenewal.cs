using Resilience.Functional.Stores;

namespace Resilience.Functional;

/// <summary>
/// Keeps a claimed key's lease alive while its operation runs, renewing it through the store every third of the lease,
/// one renewal at a time. Disposing it stops the renewals; so does the store saying the lease is no longer held.
/// </summary>
internal sealed class IdempotencyLeaseRenewal : IDisposable
{
    private readonly IIdempotencyStore store;
    private readonly string key;
    private readonly Guid lease;
    private readonly TimeSpan duration;
    private readonly ITimer? timer;
    private int busy;
    private int stopped;

    public IdempotencyLeaseRenewal(IIdempotencyStore store, string key, Guid lease, IdempotencyOptions options)
    {
        this.store = store;
        this.key = key;
        this.lease = lease;
        duration = options.LeaseDuration;
        var interval = duration / 3;
        try
        {
            timer = options.TimeProvider.CreateTimer(static s => ((IdempotencyLeaseRenewal)s!).Tick(), this, interval, interval);
        }
        catch (Exception)
        {
            // A clock that cannot arm a timer must not fail a call whose operation already runs; the lease then
            // lasts as long as it was taken for.
            timer = null;
        }
    }

    // Disposing a timer twice is harmless, and a tick can stop the renewals before the constructor stored the timer.
    public void Dispose()
    {
        Volatile.Write(ref stopped, 1);
        timer?.Dispose();
    }

    private void Tick()
    {
        if (Volatile.Read(ref stopped) == 0 && Interlocked.Exchange(ref busy, 1) == 0)
        {
            _ = RenewAsync();
        }
    }

    private async Task RenewAsync()
    {
        try
        {
            if (!await store.RenewAsync(key, lease, duration, CancellationToken.None).ConfigureAwait(false))
            {
                Dispose();
            }
        }
        catch (Exception)
        {
            // A store outage: try again at the next tick; if it lasts, the lease runs out as a crashed holder's would.
        }
        finally
        {
            Volatile.Write(ref busy, 0);
        }
    }
}
