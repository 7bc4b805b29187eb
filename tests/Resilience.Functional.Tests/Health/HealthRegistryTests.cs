using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Tests;

public class HealthRegistryTests
{
    private static HealthCheckReport Report(Either<Error, HealthCheckReport> outcome) =>
        outcome.Match(r => r, e => throw new Xunit.Sdk.XunitException(e.Message));

    [Fact]
    // Driven off xunit's synchronization context so that completions run inline and fake time is read in order.
    public Task A_hanging_check_times_out_as_unhealthy_without_delaying_the_others() => Task.Run(async () =>
    {
        var time = new FakeTimeProvider();
        var never = new TaskCompletionSource<Either<Error, HealthResult>>();
        var fastDone = new TaskCompletionSource<Either<Error, HealthResult>>();
        var registry = new HealthRegistry(
            [
                // Ignores its token on purpose: the registry must abandon it at the deadline.
                new HealthCheck("hanging", _ => new ValueTask<Either<Error, HealthResult>>(never.Task)) { Timeout = TimeSpan.FromSeconds(5) },
                new HealthCheck("fast", _ => new ValueTask<Either<Error, HealthResult>>(fastDone.Task)) { Timeout = TimeSpan.FromSeconds(5) },
                new HealthCheck("sync", Op.Succeed(HealthResult.Healthy("ok"))),
            ],
            time);

        var running = registry.RunAsync(CancellationToken.None).AsTask();
        time.Advance(TimeSpan.FromSeconds(1));
        fastDone.SetResult(HealthResult.Healthy("fast"));
        Assert.False(running.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(4));
        var report = Report(await running.WaitAsync(TimeSpan.FromSeconds(30)));

        var hanging = report.Entries[0];
        Assert.Equal(HealthState.Unhealthy, hanging.State);
        Assert.IsType<TimeoutError>((Error)hanging.Error);
        Assert.Equal(TimeSpan.FromSeconds(5), hanging.Duration);
        Assert.True(report.Entries[1].State == HealthState.Healthy, report.Entries[1].Description);
        Assert.Equal(TimeSpan.FromSeconds(1), report.Entries[1].Duration);
        Assert.Equal(TimeSpan.Zero, report.Entries[2].Duration);
        Assert.Equal(TimeSpan.FromSeconds(5), report.TotalDuration);
        Assert.Equal(HealthState.Degraded, report.State);
    });

    [Fact]
    public async Task Runs_leave_no_timer_behind()
    {
        var clock = new CountingClock();
        var sync = new HealthCheck("sync", Op.Succeed(HealthResult.Healthy("ok")));
        var later = new HealthCheck("later", async _ =>
        {
            await Task.Yield();
            return Right<Error, HealthResult>(HealthResult.Healthy("ok"));
        });
        var registry = new HealthRegistry([sync, later], clock);

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HealthState.Healthy, Report(await registry.RunAsync(CancellationToken.None)).State);
            Assert.Equal(HealthState.Healthy, (await sync.RunAsync(clock, CancellationToken.None)).State);
        }

        Assert.NotEqual(0, clock.Created);
        Assert.Equal(0, clock.Live);
    }

    [Fact]
    public async Task Errors_and_exceptions_report_the_failure_state_with_the_error()
    {
        var registry = new HealthRegistry(
        [
            new HealthCheck("error", Op.Fail<HealthResult>(Error.New("db down"))) { FailureState = HealthState.Degraded },
            new HealthCheck("throws", _ => throw new IOException("disk")),
            new HealthCheck("faults", async _ => { await Task.Yield(); throw new InvalidOperationException("bad"); }),
        ]);

        var report = Report(await registry.RunAsync(CancellationToken.None));

        Assert.Equal([HealthState.Degraded, HealthState.Unhealthy, HealthState.Unhealthy], report.Entries.Select(e => e.State));
        Assert.Equal("db down", report.Entries[0].Description);
        Assert.IsType<IOException>(((Error)report.Entries[1].Error).Exception.Case);
        Assert.Equal("bad", report.Entries[2].Description);
        Assert.Equal(HealthState.Unhealthy, report.State);
    }

    [Fact]
    public async Task Checks_run_concurrently()
    {
        var started = 0;
        var allStarted = new TaskCompletionSource();
        Func<CancellationToken, ValueTask<Either<Error, HealthResult>>> Waiting() => async ct =>
        {
            if (Interlocked.Increment(ref started) == 3)
            {
                allStarted.SetResult();
            }

            await allStarted.Task.WaitAsync(ct);
            return HealthResult.Healthy(null);
        };
        var registry = new HealthRegistry([new HealthCheck("a", Waiting()), new HealthCheck("b", Waiting()), new HealthCheck("c", Waiting())]);

        var report = Report(await registry.RunAsync(CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal(HealthState.Healthy, report.State);
    }

    [Fact]
    public async Task The_callers_cancellation_is_a_cancelled_error()
    {
        using var cts = new CancellationTokenSource();
        var registry = new HealthRegistry([new HealthCheck("a", async ct => { await new TaskCompletionSource().Task.WaitAsync(ct); return HealthResult.Healthy(null); })]);

        var running = registry.RunAsync(cts.Token).AsTask();
        await cts.CancelAsync();
        var outcome = await running.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(outcome.IsLeft);
        Assert.IsType<CancelledError>((Error)outcome);
    }

    [Fact]
    public async Task Tags_and_filters_select_a_subset()
    {
        var registry = new HealthRegistry(
        [
            new HealthCheck("db", Op.Succeed(HealthResult.Healthy(null))).WithTags("ready"),
            new HealthCheck("cache", Op.Succeed(HealthResult.Unhealthy(null))).WithTags("live", "ready"),
            new HealthCheck("disk", Op.Succeed(HealthResult.Healthy(null))),
        ]);

        Assert.Equal(["db", "cache"], registry.WithTag("ready").Checks.Select(c => c.Name));
        Assert.Equal(["disk"], registry.Filter(c => c.Tags.Count == 0).Checks.Select(c => c.Name));
        Assert.Equal(HealthState.Healthy, Report(await registry.Filter(c => c.Name != "cache").RunAsync(CancellationToken.None)).State);
    }

    [Fact]
    public void Bad_configuration_fails_at_construction_naming_the_culprit()
    {
        var ok = Op.Succeed(HealthResult.Healthy(null));
        Assert.Equal("Name", Assert.Throws<ArgumentException>(() => new HealthCheck("", ok)).ParamName);
        Assert.Equal("Name", Assert.Throws<ArgumentException>(() => new HealthCheck("  ", ok)).ParamName);
        Assert.Equal("Check", Assert.Throws<ArgumentNullException>(() => new HealthCheck("a", null!)).ParamName);
        Assert.Equal("Timeout", Assert.Throws<ArgumentOutOfRangeException>(() => new HealthCheck("a", ok) { Timeout = TimeSpan.Zero }).ParamName);
        Assert.Equal("Timeout", Assert.Throws<ArgumentOutOfRangeException>(() => new HealthCheck("a", ok) { Timeout = TimeSpan.FromSeconds(-1) }).ParamName);
        Assert.Equal("FailureState", Assert.Throws<ArgumentOutOfRangeException>(() => new HealthCheck("a", ok) { FailureState = (HealthState)7 }).ParamName);
        Assert.Equal("Measurement", Assert.Throws<ArgumentException>(() => new HealthCheck("a", ok) { Measurement = "" }).ParamName);
        var duplicate = Assert.Throws<ArgumentException>(() => new HealthRegistry([new HealthCheck("a", ok), new HealthCheck("a", ok)]));
        Assert.Equal("checks", duplicate.ParamName);
        Assert.Contains("'a'", duplicate.Message);
        Assert.Throws<ArgumentException>(() => new HealthRegistry([new HealthCheck("a", ok)]).Add(new HealthCheck("a", ok)));
    }

    [Fact]
    public void A_registry_names_a_missing_argument_and_explains_a_null_check()
    {
        var ok = new HealthCheck("a", Op.Succeed(HealthResult.Healthy(null)));

        Assert.Equal("checks", Assert.Throws<ArgumentNullException>(() => new HealthRegistry(null!)).ParamName);
        var nullCheck = Assert.Throws<ArgumentException>(() => new HealthRegistry([ok, null!]));
        Assert.Equal("checks", nullCheck.ParamName);
        Assert.StartsWith("A registry must not contain a null check.", nullCheck.Message);
        Assert.Equal("tag", Assert.Throws<ArgumentNullException>(() => new HealthRegistry([ok]).WithTag(null!)).ParamName);
        Assert.Equal("predicate", Assert.Throws<ArgumentNullException>(() => new HealthRegistry([ok]).Filter(null!)).ParamName);
    }
}
