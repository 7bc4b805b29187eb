namespace Resilience.Functional.Redis;

/// <summary>
/// Renews a permit's lease every third of its duration while its call runs, one renewal at a time; stops when
/// disposed or when the server says the lease is gone. A failed renewal is tried again at the next tick; if the
/// outage lasts, the lease runs out as a dead holder's would.
/// </summary>
internal sealed class LeaseRenewal : IDisposable
{
    private readonly Func<ValueTask<bool>> renew;
    private readonly ITimer timer;
    private int busy;
    private int stopped;

    public LeaseRenewal(Func<ValueTask<bool>> renew, TimeSpan lease)
    {
        this.renew = renew;
        timer = TimeProvider.System.CreateTimer(static s => ((LeaseRenewal)s!).Tick(), this, lease / 3, lease / 3);
    }

    public void Dispose()
    {
        Volatile.Write(ref stopped, 1);
        timer.Dispose();
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
            if (!await renew().ConfigureAwait(false))
            {
                Volatile.Write(ref stopped, 1);
            }
        }
        catch (Exception)
        {
            // An outage or a closed connection: the next tick tries again.
        }
        finally
        {
            Volatile.Write(ref busy, 0);
        }
    }
}
