using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Tests;

/// <summary>The patterns that have no <see cref="Policy"/> form (they are typed) report their events too.</summary>
[Collection(nameof(TelemetryCollection))]
public sealed class TelemetryEventTests
{
    private readonly string name = $"ev-{Guid.NewGuid():N}";

    internal static string Event(string policy, string @event) =>
        $"{ResilienceTelemetry.Events} [{{event}}] 1 {{{ResilienceTelemetry.EventTag}={@event}, {ResilienceTelemetry.PolicyNameTag}={policy}}}";

    private static string Fallback(string policy, string errorType) =>
        $"{ResilienceTelemetry.Events} [{{event}}] 1 {{{ResilienceTelemetry.ErrorTypeTag}={errorType}, {ResilienceTelemetry.EventTag}={FallbackTelemetry.FallbackUsed}, {ResilienceTelemetry.PolicyNameTag}={policy}}}";

    [Fact]
    public void A_fallback_taken_is_reported_under_its_name_and_a_success_reports_nothing()
    {
        using var recording = new TelemetryRecording(name);
        var failing = Op.Fail<int>(Downstream.Transient);

        Assert.Equal(7, (int)failing.WithFallback(new FallbackOptions<int>(_ => Op.Succeed(7)) { Name = name }).RunSync());
        Assert.Equal(42, (int)Op.Succeed(42).WithFallback(new FallbackOptions<int>(_ => Op.Succeed(7)) { Name = name }).RunSync());
        Assert.Equal(
            Left<Error, int>(Downstream.Transient),
            failing.WithFallback(new FallbackOptions<int>(_ => Op.Succeed(7)) { Name = name, ShouldHandle = _ => false }).RunSync());

        Assert.Equal([Fallback(name, nameof(TimeoutError))], recording.Measurements);
    }

    [Fact]
    public void The_value_form_and_a_last_known_good_answer_are_reported_under_their_default_names()
    {
        using var fallbacks = new TelemetryRecording(FallbackTelemetry.DefaultName);
        using var stale = new TelemetryRecording(FallbackTelemetry.LastKnownGoodName);
        var cache = new LastKnownGoodCache<string, int>(new LastKnownGoodOptions { TimeProvider = new FakeTimeProvider() });
        var calls = 0;
        var flaky = Op.Of(_ => new ValueTask<Either<Error, int>>(++calls == 1 ? Right<Error, int>(5) : Left<Error, int>(Downstream.Transient)));
        var guarded = flaky.WithLastKnownGood(cache, "k");

        Assert.Equal(1, (int)Op.Fail<int>(Downstream.Transient).WithFallback(1).RunSync());
        Assert.Equal(5, (int)guarded.RunSync());
        Assert.Equal(5, (int)guarded.RunSync());

        // Other tests may use the default names at the same time: only presence is certain here.
        Assert.Contains(Fallback(FallbackTelemetry.DefaultName, nameof(TimeoutError)), fallbacks.Measurements);
        Assert.Contains(Fallback(FallbackTelemetry.LastKnownGoodName, nameof(TimeoutError)), stale.Measurements);
    }

    [Fact]
    public async Task An_idempotent_replay_and_a_conflict_are_reported_under_the_options_name()
    {
        using var recording = new TelemetryRecording(name);
        var clock = new FakeTimeProvider();
        var policy = new IdempotencyGuard(new InMemoryIdempotencyStore(100, clock), new IdempotencyOptions { TimeProvider = clock, Name = name });
        var gate = new TaskCompletionSource<Either<Error, int>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = Op.Of(_ => new ValueTask<Either<Error, int>>(gate.Task)).WithIdempotency(policy, "held");

        Assert.Equal(new Idempotent<int>(3, false), (Idempotent<int>)await Op.Succeed(3).WithIdempotency(policy, "k").Run(CancellationToken.None));
        Assert.Equal(new Idempotent<int>(3, true), (Idempotent<int>)await Op.Succeed(4).WithIdempotency(policy, "k").Run(CancellationToken.None));
        var first = held(CancellationToken.None);
        Assert.IsType<IdempotencyConflictError>((Error)await held(CancellationToken.None));
        gate.SetResult(Right<Error, int>(1));
        await first;

        Assert.Equal([Event(name, IdempotencyTelemetry.Replayed), Event(name, IdempotencyTelemetry.Conflict)], recording.Measurements);
    }
}
