using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Tests;

/// <summary>
/// What a retry reports (docs/telemetry.md#retry): an attempt is counted only when it ran, and a wait cut short by a
/// deadline is a rejection with its reason. Process-wide, so run beside no other telemetry test.
/// </summary>
[Collection(nameof(TelemetryCollection))]
public sealed class RetryTelemetryContractTests : IDisposable
{
    private static readonly Error Transient = new TimeoutError(TimeSpan.FromSeconds(1));
    private readonly string name = $"rt-{Guid.NewGuid():N}";
    private TelemetryRecording? recording;

    public void Dispose() => recording?.Dispose();

    private static int Count(TelemetryRecording recording, string instrument, string? containing = null) =>
        recording.Measurements.Count(m => m.StartsWith(instrument + " ", StringComparison.Ordinal) && (containing is null || m.Contains(containing, StringComparison.Ordinal)));

    /// <summary>Fails transiently on its first call, which also starts listening (a listener attached mid-call); succeeds after.</summary>
    private Func<CancellationToken, ValueTask<Either<Error, int>>> StartsListeningThenFailsOnce(Action? counted = null)
    {
        var calls = 0;
        return _ =>
        {
            counted?.Invoke();
            if (++calls == 1)
            {
                recording = new TelemetryRecording(name);
                return Outcome.Failure<int>(Transient);
            }

            return Outcome.Success(calls);
        };
    }

    [Fact]
    public async Task A_caller_cancelled_by_its_OnRetry_is_reported_with_no_attempt_after_the_one_that_ran()
    {
        recording = new TelemetryRecording(name);
        using var cts = new CancellationTokenSource();
        var runs = 0;
        var op = Op.Of<int>(_ =>
        {
            runs++;
            return Outcome.Failure<int>(Transient);
        });

        var result = await op.WithRetry(new RetryOptions { Backoff = Backoff.Immediate.MaxRetries(3), Name = name, OnRetry = _ => cts.Cancel() })(cts.Token);

        Assert.Same(CancelledError.Instance, (Error)result);
        Assert.Equal(1, runs);
        Assert.Equal(1, Count(recording, ResilienceTelemetry.Attempts));
    }

    [Fact]
    public async Task A_caller_cancelled_during_a_wait_is_reported_with_no_attempt_after_the_one_that_ran()
    {
        recording = new TelemetryRecording(name);
        var time = new FakeTimeProvider();
        using var cts = new CancellationTokenSource();
        var op = Op.Of<int>(_ => Outcome.Failure<int>(Transient));

        var result = await op.WithRetry(new RetryOptions { Backoff = Backoff.Constant(TimeSpan.FromSeconds(1)).MaxRetries(3), TimeProvider = time, Name = name, OnRetry = _ => cts.Cancel() })(cts.Token);

        Assert.Same(CancelledError.Instance, (Error)result);
        Assert.Equal(1, Count(recording, ResilienceTelemetry.Attempts));
    }

    [Fact]
    public async Task Listening_that_starts_during_a_call_counts_the_retry_that_runs_after_it()
    {
        var runs = 0;
        var op = StartsListeningThenFailsOnce(() => runs++);

        var result = await op.WithRetry(new RetryOptions { Backoff = Backoff.Immediate.MaxRetries(3), Name = name })(CancellationToken.None);

        Assert.Equal(2, (int)result);
        Assert.Equal(2, runs);
        Assert.Equal(1, Count(recording!, ResilienceTelemetry.Attempts, $"{ResilienceTelemetry.OutcomeTag}=success"));
        Assert.Equal(1, Count(recording!, ResilienceTelemetry.Attempts));
    }

    [Fact]
    public async Task Listening_that_starts_during_a_call_counts_no_attempt_for_a_caller_cancelled_by_its_OnRetry()
    {
        using var cts = new CancellationTokenSource();
        var op = StartsListeningThenFailsOnce();

        var result = await op.WithRetry(new RetryOptions { Backoff = Backoff.Immediate.MaxRetries(3), Name = name, OnRetry = _ => cts.Cancel() })(cts.Token);

        Assert.Same(CancelledError.Instance, (Error)result);
        Assert.Equal(0, Count(recording!, ResilienceTelemetry.Attempts));
    }

    [Fact]
    public async Task Listening_that_starts_during_a_call_counts_no_attempt_for_a_caller_cancelled_during_a_wait()
    {
        var time = new FakeTimeProvider();
        using var cts = new CancellationTokenSource();
        var op = StartsListeningThenFailsOnce();

        var result = await op.WithRetry(new RetryOptions { Backoff = Backoff.Constant(TimeSpan.FromSeconds(1)).MaxRetries(3), TimeProvider = time, Name = name, OnRetry = _ => cts.Cancel() })(cts.Token);

        Assert.Same(CancelledError.Instance, (Error)result);
        Assert.Equal(0, Count(recording!, ResilienceTelemetry.Attempts));
    }

    [Fact]
    public void A_wait_that_would_end_past_the_timeouts_deadline_is_reported_as_a_rejection_with_its_reason()
    {
        recording = new TelemetryRecording(name);
        var time = new FakeTimeProvider();
        var busy = new RateLimitedError(TimeSpan.FromSeconds(5));
        var guarded = Op.Of<int>(_ => Outcome.Failure<int>(busy))
            .WithRetry(new RetryOptions { Backoff = Backoff.Constant(TimeSpan.FromMilliseconds(100)).MaxRetries(3), TimeProvider = time, Name = name })
            .WithTimeout(new TimeoutOptions { Timeout = TimeSpan.FromSeconds(3), TimeProvider = time });

        Assert.Same(busy, (Error)guarded.RunSync());

        Assert.Equal(1, Count(recording, ResilienceTelemetry.Rejections));
        Assert.Equal(1, Count(recording, ResilienceTelemetry.Rejections, $"{ResilienceTelemetry.RejectionReasonTag}={RetryTelemetry.PastDeadline}"));
    }
}
