using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Resilience.Functional.HealthChecks.Tests;

public class ResilienceHealthCheckTests
{
    private static HealthCheckService Service(Action<IHealthChecksBuilder> configure)
    {
        var services = new ServiceCollection();
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        configure(services.AddHealthChecks());
        return services.BuildServiceProvider().GetRequiredService<HealthCheckService>();
    }

    private static readonly Resilience.Functional.HealthCheck Db =
        new("db", Op.Succeed(Resilience.Functional.HealthResult.Healthy("connected").WithData("pool", 4))) { Tags = new System.Collections.Generic.HashSet<string> { "ready" } };

    private static readonly Resilience.Functional.HealthCheck Cache =
        new("cache", Op.Fail<Resilience.Functional.HealthResult>(Error.New("refused"))) { FailureState = HealthState.Degraded };

    private static readonly Resilience.Functional.HealthCheck Disk =
        new("disk", _ => throw new IOException("disk gone"));

    [Fact]
    public async Task A_registry_runs_through_the_HealthCheckService()
    {
        var registry = new HealthRegistry([Db, Cache, Disk]);
        var service = Service(b => b.AddResilienceRegistry(registry));

        var report = await service.CheckHealthAsync();

        Assert.Equal(HealthStatus.Unhealthy, report.Status);
        Assert.Equal(["db", "cache", "disk"], report.Entries.Keys);
        var db = report.Entries["db"];
        Assert.Equal(HealthStatus.Healthy, db.Status);
        Assert.Equal("connected", db.Description);
        Assert.Equal(4, db.Data["pool"]);
        Assert.Contains("ready", db.Tags);
        var cache = report.Entries["cache"];
        Assert.Equal(HealthStatus.Degraded, cache.Status);
        Assert.Equal("refused", cache.Description);
        Assert.IsType<ResilienceHealthCheckException>(cache.Exception);
        var disk = report.Entries["disk"];
        Assert.Equal(HealthStatus.Unhealthy, disk.Status);
        Assert.IsType<IOException>(disk.Exception);
    }

    [Fact]
    public async Task Tags_select_checks_through_the_services_predicate()
    {
        var service = Service(b => b.AddResilienceCheck(Db).AddResilienceCheck(Cache));

        var report = await service.CheckHealthAsync(r => r.Tags.Contains("ready"));

        Assert.Equal(["db"], report.Entries.Keys);
        Assert.Equal(HealthStatus.Healthy, report.Status);
    }

    [Fact]
    public async Task A_state_check_follows_its_object()
    {
        var usage = 0.0;
        var service = Service(b => b.AddResilienceCheck(Resilience.Functional.HealthCheck.FromUsageRatio("bulkhead", () => usage, HealthThresholds.Default)));

        Assert.Equal(HealthStatus.Healthy, (await service.CheckHealthAsync()).Status);
        usage = 0.85;
        Assert.Equal(HealthStatus.Degraded, (await service.CheckHealthAsync()).Status);
        usage = 1;
        Assert.Equal(HealthStatus.Unhealthy, (await service.CheckHealthAsync()).Status);
    }

    [Fact]
    public async Task Cancellation_surfaces_as_the_service_expects()
    {
        using var cts = new CancellationTokenSource();
        var waiting = new Resilience.Functional.HealthCheck("slow", async ct =>
        {
            await new TaskCompletionSource().Task.WaitAsync(ct);
            return Resilience.Functional.HealthResult.Healthy(null);
        });
        var service = Service(b => b.AddResilienceCheck(waiting));

        var running = service.CheckHealthAsync(cts.Token);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Theory]
    [InlineData(HealthState.Unhealthy, HealthStatus.Unhealthy)]
    [InlineData(HealthState.Degraded, HealthStatus.Degraded)]
    [InlineData(HealthState.Healthy, HealthStatus.Healthy)]
    public void States_map_to_statuses(HealthState state, HealthStatus status) =>
        Assert.Equal(status, ResilienceHealthCheck.ToStatus(state));

    [Fact]
    public async Task The_callers_cancellation_throws_from_the_check_itself_but_a_checks_own_cancellation_is_its_failure()
    {
        using var cts = new CancellationTokenSource();
        var waiting = new ResilienceHealthCheck(
            new Resilience.Functional.HealthCheck("slow", async ct =>
            {
                await new TaskCompletionSource().Task.WaitAsync(ct);
                return Resilience.Functional.HealthResult.Healthy(null);
            }),
            TimeProvider.System);
        var running = waiting.CheckHealthAsync(new HealthCheckContext(), cts.Token);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running.WaitAsync(TimeSpan.FromSeconds(30)));

        // A check whose operation gives up by itself (its own timeout, say) is not the caller cancelling: a result.
        var givesUp = new ResilienceHealthCheck(new Resilience.Functional.HealthCheck("gives-up", Op.Fail<Resilience.Functional.HealthResult>(CancelledError.Instance)), TimeProvider.System);
        var result = await givesUp.CheckHealthAsync(new HealthCheckContext(), CancellationToken.None);
        Assert.Equal(HealthStatus.Unhealthy, result.Status);
    }

    [Fact]
    public async Task A_check_does_not_resume_on_the_callers_synchronization_context()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var check = new ResilienceHealthCheck(
            new Resilience.Functional.HealthCheck("later", async _ =>
            {
                await release.Task.ConfigureAwait(false);
                return Resilience.Functional.HealthResult.Healthy(null);
            }),
            TimeProvider.System);
        var context = new PostCounting();
        var saved = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(context);
        Task<HealthCheckResult> running;
        try
        {
            running = check.CheckHealthAsync(new HealthCheckContext());
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(saved);
        }

        release.SetResult();
        Assert.Equal(HealthStatus.Healthy, (await running.WaitAsync(TimeSpan.FromSeconds(30))).Status);
        Assert.Equal(0, context.Posts);
    }

    [Fact]
    public void Null_arguments_are_rejected_with_their_names()
    {
        var builder = new ServiceCollection().AddHealthChecks();
        Assert.Equal("check", Assert.Throws<ArgumentNullException>(() => new ResilienceHealthCheck(null!, TimeProvider.System)).ParamName);
        Assert.Equal("registry", Assert.Throws<ArgumentNullException>(() => builder.AddResilienceRegistry(null!)).ParamName);
        Assert.Equal("builder", Assert.Throws<ArgumentNullException>(() => ((IHealthChecksBuilder)null!).AddResilienceRegistry(new HealthRegistry([]))).ParamName);
        Assert.Equal("builder", Assert.Throws<ArgumentNullException>(() => ((IHealthChecksBuilder)null!).AddResilienceCheck(Db)).ParamName);
        Assert.Equal("check", Assert.Throws<ArgumentNullException>(() => builder.AddResilienceCheck(null!)).ParamName);
        Assert.Equal("timeProvider", Assert.Throws<ArgumentNullException>(() => builder.AddResilienceCheck(Db, null!)).ParamName);
        Assert.Equal("entry", Assert.Throws<ArgumentNullException>(() => ResilienceHealthCheck.ToResult(null!)).ParamName);
    }

    // Runs posted work on the thread pool, counting it: a library that resumed on its caller's context would
    // deadlock a caller that blocks on that context.
    private sealed class PostCounting : SynchronizationContext
    {
        private int posts;

        public int Posts => Volatile.Read(ref posts);

        public override void Post(SendOrPostCallback d, object? state)
        {
            Interlocked.Increment(ref posts);
            ThreadPool.QueueUserWorkItem(_ => d(state));
        }
    }
}
