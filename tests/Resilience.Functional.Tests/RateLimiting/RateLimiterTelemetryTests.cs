using Microsoft.Extensions.Time.Testing;
using Resilience.Functional.Stores;

namespace Resilience.Functional.Tests;

/// <summary>What the rate limiters report (docs/telemetry.md#rate-limiting): process-wide, so run beside no other telemetry test.</summary>
[Collection(nameof(TelemetryCollection))]
public sealed class RateLimiterTelemetryTests
{
    private readonly string name = $"rl-{Guid.NewGuid():N}";

    private sealed class Limiter(string name, Func<ValueTask<Either<Error, Unit>>> acquire) : IPartitionedRateLimiter
    {
        public string Name => name;

        public ValueTask<Either<Error, Unit>> AcquireAsync(string partitionKey, CancellationToken cancellationToken) => acquire();
    }

    private static int Count(TelemetryRecording recording, string instrument, string? containing = null) =>
        recording.Measurements.Count(m => m.StartsWith(instrument + " ", StringComparison.Ordinal) && (containing is null || m.Contains(containing, StringComparison.Ordinal)));

    [Fact]
    public void A_partitioned_limiter_reports_its_refusals_as_rate_limited_and_a_cancelled_acquisition_as_none()
    {
        using var recording = new TelemetryRecording(name);
        var refusing = new Limiter(name, () => new(Left<Error, Unit>(new RateLimitedError(TimeSpan.FromSeconds(1)))));
        var cancelled = new Limiter(name, () => new(Left<Error, Unit>(CancelledError.Instance)));

        Assert.IsType<RateLimitedError>((Error)Op.Succeed(1).WithRateLimiter(refusing, "p").RunSync());
        Assert.Equal(1, Count(recording, ResilienceTelemetry.Rejections, $"{ResilienceTelemetry.RejectionReasonTag}={RateLimiterTelemetry.RateLimited}"));

        Assert.Same(CancelledError.Instance, (Error)Op.Succeed(1).WithRateLimiter(cancelled, "p").RunSync());
        Assert.Equal(1, Count(recording, ResilienceTelemetry.Rejections));
    }

    [Fact]
    public void A_partitioned_limiter_measures_each_execution_under_its_name()
    {
        using var recording = new TelemetryRecording(name);
        var granting = new Limiter(name, () => new(Right<Error, Unit>(unit)));

        Assert.Equal(1, (int)Op.Succeed(1).WithRateLimiter(granting, "p").RunSync());

        Assert.Equal(1, Count(recording, ResilienceTelemetry.Duration));
    }

    [Fact]
    public void A_wait_refused_for_the_deadline_of_the_enclosing_timeout_is_reported_as_rate_limited()
    {
        using var recording = new TelemetryRecording(name);
        var time = new FakeTimeProvider();
        var bucket = new TokenBucket(new TokenBucketOptions { TokensPerPeriod = 1, Period = TimeSpan.FromSeconds(4), Burst = 1, TimeProvider = time, Name = name });
        var limited = Op.Succeed(1).WithRateLimiter(bucket, TimeSpan.FromSeconds(10)).WithTimeout(new TimeoutOptions { Timeout = TimeSpan.FromSeconds(3), TimeProvider = time });
        Assert.True(limited.RunSync().IsRight);

        Assert.IsType<RateLimitedError>((Error)limited.RunSync());

        Assert.Equal(1, Count(recording, ResilienceTelemetry.Rejections, $"{ResilienceTelemetry.RejectionReasonTag}={RateLimiterTelemetry.RateLimited}"));
    }

    [Fact]
    public void A_rate_limiter_inside_a_pipeline_leaves_measuring_the_execution_to_the_pipeline()
    {
        using var recording = new TelemetryRecording(name);
        var bucket = new TokenBucket(new TokenBucketOptions { TimeProvider = new FakeTimeProvider() });
        var pipeline = Policy.Pipeline(Policy.RateLimiter(bucket), Policy.Retry(new RetryOptions { Backoff = Backoff.Immediate.MaxRetries(1) })).Named(name);

        Assert.Equal(1, (int)pipeline.Wrap(Op.Succeed(1)).RunSync());

        Assert.Equal(1, Count(recording, ResilienceTelemetry.Duration)); // the pipeline's, not one per layer
    }
}
