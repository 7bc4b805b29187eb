using Resilience.Functional.CircuitBreaking;

namespace Resilience.Functional;

/// <summary>
/// Links a local <see cref="CircuitBreaker"/> to its cluster (docs/circuit-breaker.md#across-instances): every
/// <see cref="ClusterBreakerOptions.PollInterval"/> it publishes the breaker's window and state through an
/// <see cref="IBreakerClusterView"/> and trips the closed breaker when the cluster's rule says so. The breaker's call
/// path never waits on the cluster; while the cluster is unreachable the breaker keeps to its local rule.
/// </summary>
public sealed class ClusterBreakerLink : IDisposable
{
    private readonly IBreakerClusterView view;
    private ITimer? timer;
    private int busy;
    private int trippedByCluster;
    private int reachable = 1;
    private BreakerClusterReport evidence;
    private DateTimeOffset evidenceUntil;

    /// <summary>A link of <paramref name="breaker"/> to <paramref name="view"/>; it does nothing until <see cref="Start"/> or <see cref="SyncAsync"/>.</summary>
    /// <param name="breaker">The instance's breaker, with its own rule.</param>
    /// <param name="view">Where the instances share their windows.</param>
    /// <param name="options">The cluster rule and the polling.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public ClusterBreakerLink(CircuitBreaker breaker, IBreakerClusterView view, ClusterBreakerOptions options)
    {
        Breaker = OptionGuards.NotNull(breaker, nameof(breaker));
        this.view = OptionGuards.NotNull(view, nameof(view));
        Options = OptionGuards.NotNull(options, nameof(options));
    }

    /// <summary>The local breaker.</summary>
    public CircuitBreaker Breaker { get; }

    /// <summary>The cluster rule and the polling.</summary>
    public ClusterBreakerOptions Options { get; }

    /// <summary>The sums the last exchange returned.</summary>
    public BreakerClusterCounts LastCounts { get; private set; }

    /// <summary>False while the last exchange failed (the breaker then keeps to its local rule).</summary>
    public bool IsClusterReachable => Volatile.Read(ref reachable) == 1;

    /// <summary>Whether the breaker is open because the cluster tripped it (until it closes again).</summary>
    public bool TrippedByCluster => Volatile.Read(ref trippedByCluster) == 1;

    /// <summary>Starts polling every <see cref="ClusterBreakerOptions.PollInterval"/>; call <see cref="SyncAsync"/> first so that an instance joining during an outage starts open.</summary>
    public void Start() =>
        timer ??= Options.TimeProvider.CreateTimer(static s => ((ClusterBreakerLink)s!).Tick(), this, Options.PollInterval, Options.PollInterval);

    /// <summary>One exchange: publishes the breaker's window and state, reads the cluster's, and trips the breaker if the cluster's rule says so.</summary>
    /// <param name="cancellationToken">A token for the exchange.</param>
    /// <returns>Whether the cluster was reached.</returns>
    public async Task<bool> SyncAsync(CancellationToken cancellationToken)
    {
        var state = Breaker.State;
        if (state == CircuitState.Closed)
        {
            Volatile.Write(ref trippedByCluster, 0);
        }

        // Opening empties the window, so an instance the cluster tripped keeps reporting the window it had for two
        // polls: long enough for every live instance to see it, too short to hold the cluster open by itself.
        var now = Options.TimeProvider.GetUtcNow();
        var report = TrippedByCluster && now < evidenceUntil ? evidence : Report(state);
        try
        {
            LastCounts = await view.ExchangeAsync(report, cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref reachable, 1);
        }
        catch (Exception)
        {
            // Unreachable: the local rule alone decides until the next exchange works.
            Volatile.Write(ref reachable, 0);
            return false;
        }

        if (Options.Trips(LastCounts) && Breaker.State == CircuitState.Closed)
        {
            evidence = report;
            evidenceUntil = now + Options.PollInterval + Options.PollInterval;
            Volatile.Write(ref trippedByCluster, 1);
            Breaker.Trip();
        }

        return true;
    }

    private BreakerClusterReport Report(CircuitState state)
    {
        var counts = Breaker.WindowCounts;
        var open = (state is CircuitState.Open or CircuitState.Isolated) && !TrippedByCluster;
        var failing = counts.Calls > 0 && counts.Failures >= Options.FailureRatio * counts.Calls;
        return new BreakerClusterReport(counts.Calls, counts.Failures, open, open || failing);
    }

    /// <summary>Stops polling.</summary>
    public void Dispose() => timer?.Dispose();

    private void Tick()
    {
        if (Interlocked.Exchange(ref busy, 1) == 0)
        {
            _ = TickAsync();
        }
    }

    private async Task TickAsync()
    {
        try
        {
            await SyncAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref busy, 0);
        }
    }
}
