using Microsoft.Extensions.Time.Testing;
using Resilience.Functional.CircuitBreaking;

namespace Resilience.Functional.Tests;

/// <summary>A local breaker linked to its cluster: the trip input, the cluster rule, the quorum, and an unreachable cluster.</summary>
public class ClusterBreakerLinkTests
{
    private static readonly Error Transient = new TimeoutError(TimeSpan.FromSeconds(1));

    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private CircuitBreaker Breaker() => new(new CircuitBreakerOptions
    {
        FailureRatio = 0.5,
        MinimumThroughput = 10,
        Window = SlidingWindow.ByCount(20),
        BreakDuration = BreakDuration.Fixed(TimeSpan.FromSeconds(10)),
        TimeProvider = time,
    });

    /// <summary>A view that records the reports and answers with what the test set.</summary>
    private sealed class ScriptedView : IBreakerClusterView
    {
        public List<BreakerClusterReport> Reports { get; } = [];

        public BreakerClusterCounts Answer { get; set; }

        public Exception? Fault { get; set; }

        public ValueTask<BreakerClusterCounts> ExchangeAsync(BreakerClusterReport report, CancellationToken cancellationToken)
        {
            Reports.Add(report);
            return Fault is { } fault ? ValueTask.FromException<BreakerClusterCounts>(fault) : new(Answer);
        }
    }

    [Fact]
    public void Trip_opens_a_closed_breaker_for_its_break_duration_and_changes_nothing_otherwise()
    {
        var breaker = Breaker();
        breaker.Trip();
        Assert.Equal(CircuitState.Open, breaker.State);
        Assert.Equal(TimeSpan.FromSeconds(10), breaker.TimeUntilHalfOpen);

        time.Advance(TimeSpan.FromSeconds(4));
        breaker.Trip();
        Assert.Equal(TimeSpan.FromSeconds(6), breaker.TimeUntilHalfOpen);

        breaker.Isolate();
        breaker.Trip();
        Assert.Equal(CircuitState.Isolated, breaker.State);
    }

    [Fact]
    public void The_machine_trips_only_a_closed_state()
    {
        var closed = BreakerMachineState.Initial(new CircuitBreakerOptions { ConsecutiveFailures = 3 });
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        var opened = CircuitBreakerMachine.Step(closed, BreakerInput.Trip, now).State;
        var again = CircuitBreakerMachine.Step(opened, BreakerInput.Trip, now).State;

        Assert.Equal(CircuitState.Open, opened.Circuit);
        Assert.Equal(1, opened.Openings);
        Assert.Same(opened, again);
        Assert.True(closed.ReadsClock(BreakerInputKind.Trip));
    }

    [Fact]
    public async Task It_publishes_the_window_and_trips_when_a_quorum_is_open_by_its_own_rule()
    {
        var breaker = Breaker();
        await RecordAsync(breaker, successes: 3, failures: 2);
        var view = new ScriptedView { Answer = new BreakerClusterCounts(3, 5, 2, Open: 1, Unhealthy: 1) };
        using var link = new ClusterBreakerLink(breaker, view, new ClusterBreakerOptions { Quorum = 2, TimeProvider = time });

        Assert.True(await link.SyncAsync(CancellationToken.None));
        Assert.Equal(new BreakerClusterReport(5, 2, Open: false, Unhealthy: false), view.Reports[0]);
        Assert.Equal(CircuitState.Closed, breaker.State);

        view.Answer = new BreakerClusterCounts(3, 5, 2, Open: 2, Unhealthy: 2);
        await link.SyncAsync(CancellationToken.None);

        Assert.Equal(CircuitState.Open, breaker.State);
        Assert.True(link.TrippedByCluster);
    }

    [Fact]
    public async Task A_breaker_the_cluster_tripped_is_not_reported_open_so_instances_do_not_hold_each_other_open()
    {
        var breaker = Breaker();
        var view = new ScriptedView { Answer = new BreakerClusterCounts(2, 0, 0, Open: 1, Unhealthy: 1) };
        using var link = new ClusterBreakerLink(breaker, view, new ClusterBreakerOptions { TimeProvider = time });

        await link.SyncAsync(CancellationToken.None);
        await link.SyncAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(10));
        await Op.Succeed(1).WithCircuitBreaker(breaker).Run(CancellationToken.None); // the probe closes it
        view.Answer = default;
        await link.SyncAsync(CancellationToken.None);

        Assert.Equal(new BreakerClusterReport(0, 0, Open: false, Unhealthy: false), view.Reports[1]);
        Assert.Equal(CircuitState.Closed, breaker.State);
        Assert.False(link.TrippedByCluster);
    }

    [Fact]
    public async Task The_ratio_over_the_summed_windows_trips_where_no_local_rule_would()
    {
        var breaker = Breaker();
        await RecordAsync(breaker, successes: 2, failures: 4); // 6 calls: below the local minimum of 10
        var view = new ScriptedView { Answer = new BreakerClusterCounts(3, 18, 12, Open: 0, Unhealthy: 3) };
        using var link = new ClusterBreakerLink(breaker, view, new ClusterBreakerOptions { MinimumThroughput = 15, TimeProvider = time });

        await link.SyncAsync(CancellationToken.None);

        Assert.True(view.Reports[0].Unhealthy);
        Assert.Equal(CircuitState.Open, breaker.State);
    }

    [Fact]
    public async Task A_tripped_instance_reports_the_window_it_was_tripped_with_for_two_polls_then_its_own()
    {
        var breaker = Breaker();
        await RecordAsync(breaker, successes: 2, failures: 4);
        var view = new ScriptedView { Answer = new BreakerClusterCounts(3, 18, 12, Open: 0, Unhealthy: 3) };
        using var link = new ClusterBreakerLink(breaker, view, new ClusterBreakerOptions { MinimumThroughput = 15, TimeProvider = time });

        await link.SyncAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromMilliseconds(499));
        await link.SyncAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await link.SyncAsync(CancellationToken.None);

        var tripped = new BreakerClusterReport(6, 4, Open: false, Unhealthy: true);
        Assert.Equal([tripped, tripped, new BreakerClusterReport(0, 0, Open: false, Unhealthy: false)], view.Reports);
    }

    [Fact]
    public async Task The_ratio_needs_the_minimum_throughput_and_a_quorum_of_unhealthy_instances()
    {
        var breaker = Breaker();
        var view = new ScriptedView { Answer = new BreakerClusterCounts(3, 14, 14, Open: 0, Unhealthy: 3) };
        using var link = new ClusterBreakerLink(breaker, view, new ClusterBreakerOptions { MinimumThroughput = 15, Quorum = 2, TimeProvider = time });

        await link.SyncAsync(CancellationToken.None);
        view.Answer = new BreakerClusterCounts(3, 30, 30, Open: 0, Unhealthy: 1);
        await link.SyncAsync(CancellationToken.None);

        Assert.Equal(CircuitState.Closed, breaker.State);
    }

    [Fact]
    public async Task An_unreachable_cluster_leaves_the_local_rule_in_charge()
    {
        var breaker = Breaker();
        var view = new ScriptedView { Fault = new TimeoutException("cluster down") };
        using var link = new ClusterBreakerLink(breaker, view, new ClusterBreakerOptions { TimeProvider = time });

        Assert.False(await link.SyncAsync(CancellationToken.None));
        Assert.False(link.IsClusterReachable);
        await RecordAsync(breaker, successes: 0, failures: 10);

        Assert.Equal(CircuitState.Open, breaker.State);
        Assert.False(link.TrippedByCluster);
    }

    [Fact]
    public async Task Started_it_exchanges_every_poll_interval_on_its_clock()
    {
        var view = new ScriptedView();
        using var link = new ClusterBreakerLink(Breaker(), view, new ClusterBreakerOptions { PollInterval = TimeSpan.FromMilliseconds(250), TimeProvider = time });

        link.Start();
        time.Advance(TimeSpan.FromMilliseconds(249));
        var before = view.Reports.Count;
        time.Advance(TimeSpan.FromMilliseconds(501));

        Assert.Equal(0, before);
        Assert.Equal(3, view.Reports.Count);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.5)]
    public void A_ratio_outside_zero_to_one_is_refused_naming_it(double ratio) =>
        Assert.Throws<ArgumentOutOfRangeException>("FailureRatio", () => new ClusterBreakerOptions { FailureRatio = ratio });

    [Fact]
    public void A_poll_interval_out_of_range_and_a_zero_quorum_are_refused_naming_them()
    {
        Assert.Throws<ArgumentOutOfRangeException>("PollInterval", () => new ClusterBreakerOptions { PollInterval = TimeSpan.FromMilliseconds(5) });
        Assert.Throws<ArgumentOutOfRangeException>("Quorum", () => new ClusterBreakerOptions { Quorum = 0 });
    }

    [Fact]
    public async Task An_instance_failing_at_exactly_the_ratio_reports_itself_unhealthy()
    {
        var breaker = Breaker();
        await RecordAsync(breaker, successes: 2, failures: 2); // 4 calls: below the local minimum of 10
        var view = new ScriptedView();
        using var link = new ClusterBreakerLink(breaker, view, new ClusterBreakerOptions { FailureRatio = 0.5, TimeProvider = time });

        await link.SyncAsync(CancellationToken.None);

        Assert.Equal(new BreakerClusterReport(4, 2, Open: false, Unhealthy: true), view.Reports[0]);
    }

    [Theory]
    [InlineData(40, 30, 2, true)] // a quorum of unhealthy instances, exactly
    [InlineData(20, 15, 3, true)] // the minimum throughput, exactly
    [InlineData(40, 20, 3, true)] // the ratio, exactly
    [InlineData(40, 1, 3, false)] // well below the ratio
    [InlineData(40, 30, 1, false)] // below the quorum
    [InlineData(19, 19, 3, false)] // below the minimum throughput
    public void The_cluster_rule_trips_from_its_thresholds_on(long calls, long failures, int unhealthy, bool trips)
    {
        var options = new ClusterBreakerOptions { FailureRatio = 0.5, MinimumThroughput = 20, Quorum = 2 };
        Assert.Equal(trips, options.Trips(new BreakerClusterCounts(3, calls, failures, Open: 0, Unhealthy: unhealthy)));
    }

    [Fact]
    public async Task A_cluster_reached_again_after_an_outage_is_reported_reachable()
    {
        var view = new ScriptedView { Fault = new TimeoutException("cluster down") };
        using var link = new ClusterBreakerLink(Breaker(), view, new ClusterBreakerOptions { TimeProvider = time });
        await link.SyncAsync(CancellationToken.None);

        view.Fault = null;

        Assert.True(await link.SyncAsync(CancellationToken.None));
        Assert.True(link.IsClusterReachable);
    }

    [Fact]
    public void Starting_twice_polls_once_per_interval_and_disposing_stops_it()
    {
        var view = new ScriptedView();
        var link = new ClusterBreakerLink(Breaker(), view, new ClusterBreakerOptions { PollInterval = TimeSpan.FromMilliseconds(250), TimeProvider = time });

        link.Start();
        link.Start();
        time.Advance(TimeSpan.FromMilliseconds(500));
        var polled = view.Reports.Count;
        link.Dispose();
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(2, polled);
        Assert.Equal(2, view.Reports.Count);
    }

    [Fact]
    public async Task A_poll_whose_exchange_completes_later_does_not_resume_on_the_timers_synchronization_context()
    {
        var answer = new TaskCompletionSource<BreakerClusterCounts>();
        var view = new PendingView(answer.Task);
        using var link = new ClusterBreakerLink(Breaker(), view, new ClusterBreakerOptions { PollInterval = TimeSpan.FromMilliseconds(250), TimeProvider = time });
        var context = new CountingSynchronizationContext();
        link.Start();

        context.Install(() => time.Advance(TimeSpan.FromMilliseconds(250))); // the timer fires on this thread, in the context
        await Task.Run(() => answer.SetResult(default)); // the poll resumes inside, off any context, and finishes
        await link.SyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(0, context.Posts);
        Assert.Equal(2, view.Exchanges);
    }

    [Fact]
    public void Refused_cluster_settings_say_what_is_allowed()
    {
        Assert.Contains("FailureRatio must be in (0, 1].", Assert.Throws<ArgumentOutOfRangeException>(() => new ClusterBreakerOptions { FailureRatio = 2 }).Message);
        Assert.Contains("PollInterval must be from 10 milliseconds to 1 minute.", Assert.Throws<ArgumentOutOfRangeException>(() => new ClusterBreakerOptions { PollInterval = TimeSpan.FromMinutes(2) }).Message);
    }

    /// <summary>A view whose every exchange completes with one task.</summary>
    private sealed class PendingView(Task<BreakerClusterCounts> answer) : IBreakerClusterView
    {
        private int exchanges;

        public int Exchanges => Volatile.Read(ref exchanges);

        public ValueTask<BreakerClusterCounts> ExchangeAsync(BreakerClusterReport report, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref exchanges);
            return new(answer);
        }
    }

    private static async Task RecordAsync(CircuitBreaker breaker, int successes, int failures)
    {
        for (var i = 0; i < successes; i++)
        {
            await Op.Succeed(1).WithCircuitBreaker(breaker).Run(CancellationToken.None);
        }

        for (var i = 0; i < failures; i++)
        {
            await Op.Fail<int>(Transient).WithCircuitBreaker(breaker).Run(CancellationToken.None);
        }
    }
}
