using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Tests;

[Collection(nameof(TelemetryCollection))]
public sealed class ConcurrencyLimitTelemetryTests
{
    private readonly string name = $"cl-{Guid.NewGuid():N}";

    private string Changed(string direction) =>
        $"{ResilienceTelemetry.Events} [{{event}}] 1 {{{ConcurrencyLimitTelemetry.DirectionTag}={direction}, {ResilienceTelemetry.EventTag}={ConcurrencyLimitTelemetry.LimitChanged}, {ResilienceTelemetry.PolicyNameTag}={name}}}";

    [Fact]
    public async Task Each_change_of_the_whole_limit_is_an_event_under_the_limiters_name_and_a_refusal_a_rejection()
    {
        using var recording = new TelemetryRecording(name);
        var limiter = new AdaptiveConcurrencyLimiter(new AdaptiveConcurrencyOptions
        {
            InitialLimit = 2,
            Algorithm = new AimdOptions { BackoffRatio = 0.5 },
            TimeProvider = new FakeTimeProvider(),
            Name = name,
        });

        _ = Op.Fail<int>(new HttpStatusError(503)).WithConcurrencyLimit(limiter).RunSync(); // 2 → 1
        _ = Op.Fail<int>(new HttpStatusError(503)).WithConcurrencyLimit(limiter).RunSync(); // at the minimum: no change
        for (var i = 0; i < 3; i++)
        {
            _ = Op.Succeed(1).WithConcurrencyLimit(limiter).RunSync(); // 1 → 2 → 2.5 → 2.5 (one in flight is under half of 2.5): one change
        }

        var hold = new TaskCompletionSource<Either<Error, int>>();
        var held = Op.Of<int>(_ => new(hold.Task)).WithConcurrencyLimit(limiter);
        var running = new[] { held(CancellationToken.None), held(CancellationToken.None) };
        Assert.IsType<ConcurrencyLimitExceededError>(held(CancellationToken.None).Result.LeftToSeq().Single());
        hold.SetResult(Right<Error, int>(1));
        foreach (var call in running)
        {
            Assert.Equal(Right<Error, int>(1), await call.AsTask().WaitAsync(TimeSpan.FromSeconds(30)));
        }

        var events = recording.Measurements.Where(m => m.StartsWith(ResilienceTelemetry.Events, StringComparison.Ordinal)).ToList();
        Assert.Equal([Changed(ConcurrencyLimitTelemetry.Decreased), Changed(ConcurrencyLimitTelemetry.Increased)], events.Take(2));
        Assert.Contains(
            recording.Measurements,
            m => m.StartsWith(ResilienceTelemetry.Rejections, StringComparison.Ordinal) && m.Contains(ConcurrencyLimitTelemetry.Exceeded, StringComparison.Ordinal));
    }

    [Fact]
    public void A_concurrency_limit_inside_a_pipeline_leaves_measuring_the_execution_to_the_pipeline()
    {
        using var recording = new TelemetryRecording(name);
        var limiter = new AdaptiveConcurrencyLimiter(new AdaptiveConcurrencyOptions { InitialLimit = 2, Algorithm = new AimdOptions(), TimeProvider = new FakeTimeProvider() });
        var pipeline = Policy.Pipeline(Policy.ConcurrencyLimit(limiter), Policy.Retry(new RetryOptions { Backoff = Backoff.Immediate.MaxRetries(1) })).Named(name);

        Assert.Equal(1, (int)pipeline.Wrap(Op.Succeed(1)).RunSync());

        Assert.Equal(1, recording.Measurements.Count(m => m.StartsWith(ResilienceTelemetry.Duration + " ", StringComparison.Ordinal))); // the pipeline's, not one per layer
    }
}
