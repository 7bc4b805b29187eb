using System.Diagnostics.Metrics;
using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Tests;

[Collection(nameof(TelemetryCollection))]
public sealed class SingleFlightTelemetryTests
{
    private readonly string name = $"sf-{Guid.NewGuid():N}";

    [Fact]
    public async Task Joining_reusing_and_abandoning_are_reported_under_the_options_name_and_a_lone_call_reports_nothing()
    {
        using var recording = new TelemetryRecording(name);
        var flights = new SingleFlight<string, int>(new SingleFlightOptions
        {
            Name = name,
            ReuseFor = TimeSpan.FromSeconds(1),
            TimeProvider = new FakeTimeProvider(),
        });
        var gate = new TaskCompletionSource<Either<Error, int>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = Op.Of(_ => new ValueTask<Either<Error, int>>(gate.Task));

        Assert.Equal(1, (int)await Op.Succeed(1).WithSingleFlight(flights, "alone").Run(CancellationToken.None));
        Assert.Empty(recording.Measurements);

        var first = held.WithSingleFlight(flights, "k")(CancellationToken.None);
        var second = held.WithSingleFlight(flights, "k")(CancellationToken.None);
        gate.SetResult(Right<Error, int>(2));
        Assert.Equal(2, (int)await first);
        Assert.Equal(2, (int)await second);
        Assert.Equal(2, (int)await Op.Succeed(3).WithSingleFlight(flights, "k").Run(CancellationToken.None));

        using var cancel = new CancellationTokenSource();
        var never = Op.Of(ct => new ValueTask<Either<Error, int>>(Task.Delay(Timeout.Infinite, ct).ContinueWith(_ => Right<Error, int>(0), TaskScheduler.Default)));
        var leaving = never.WithSingleFlight(flights, "gone")(cancel.Token);
        await cancel.CancelAsync();
        Assert.Equal(Left<Error, int>(CancelledError.Instance), await leaving);

        Assert.Equal(
            [TelemetryEventTests.Event(name, SingleFlightTelemetry.Joined), TelemetryEventTests.Event(name, SingleFlightTelemetry.Reused), TelemetryEventTests.Event(name, SingleFlightTelemetry.Abandoned)],
            recording.Measurements);
    }

    [Fact]
    public void An_execution_that_ends_just_as_its_last_caller_leaves_hands_no_cancelled_token_to_the_next_one()
    {
        // The listener of the abandoned event stands for another thread: the operation ends just as its last caller
        // leaves, after the call is marked abandoned and before its token is cancelled. Everything runs inline on
        // this thread, so the next execution would rent the token source this thread gave back, if it gave it back.
        var flights = new SingleFlight<string, int>(new SingleFlightOptions { Name = name });
        var gate = new TaskCompletionSource<Either<Error, int>>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ResilienceTelemetry.Name && instrument.Name == ResilienceTelemetry.Events)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            if (Has(tags, ResilienceTelemetry.PolicyNameTag, name) && Has(tags, ResilienceTelemetry.EventTag, SingleFlightTelemetry.Abandoned))
            {
                gate.TrySetResult(Right<Error, int>(1));
            }
        });
        listener.Start();
        var tokens = new List<CancellationToken>();
        var op = Op.Of(ct =>
        {
            tokens.Add(ct);
            return tokens.Count == 1 ? new ValueTask<Either<Error, int>>(gate.Task) : new ValueTask<Either<Error, int>>(Right<Error, int>(2));
        }).WithSingleFlight(flights, "k");
        using var caller = new CancellationTokenSource();

        var (left, next) = WithoutSynchronizationContext.Run(() =>
        {
            var leaving = op(caller.Token);
            caller.Cancel();
            return (leaving, op(CancellationToken.None));
        });

        Assert.True(gate.Task.IsCompleted);
        Assert.Equal(Left<Error, int>(CancelledError.Instance), left.Result);
        Assert.False(tokens[1].IsCancellationRequested);
        Assert.Equal(Right<Error, int>(2), next.Result);
    }

    private static bool Has(ReadOnlySpan<KeyValuePair<string, object?>> tags, string key, string value)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == key && Equals(tag.Value, value))
            {
                return true;
            }
        }

        return false;
    }
}
