using System.Diagnostics.Metrics;
using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Tests;

/// <summary>The listening example of docs/telemetry.md, compiled and run.</summary>
[Collection(nameof(TelemetryCollection))]
public sealed class TelemetryDocsExample
{
    [Fact]
    public async Task A_meter_listener_sees_the_attempts_the_retry_and_the_execution()
    {
        // snippet: telemetry-listen
        var measurements = new List<string>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == ResilienceTelemetry.Name)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        void Collect(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            foreach (var tag in tags)
            {
                if (tag.Key == ResilienceTelemetry.PolicyNameTag && Equals(tag.Value, "checkout"))
                {
                    measurements.Add($"{instrument.Name} {value}");
                }
            }
        }
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Collect(instrument, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Collect(instrument, value, tags));
        listener.Start();

        var clock = new FakeTimeProvider(); // durations are read on the pattern's clock: here a virtual one
        var calls = 0;
        var checkout = Op.Of(_ => new ValueTask<Either<Error, int>>(++calls == 1
                ? Left<Error, int>(new TimeoutError(TimeSpan.FromSeconds(1)))
                : Right<Error, int>(42)))
            .WithRetry(new RetryOptions { Backoff = Backoff.Immediate.MaxRetries(2), TimeProvider = clock, Name = "checkout" });

        var result = await checkout.Run(CancellationToken.None); // Right 42, after one retry
        // measurements:
        //   resilience.functional.attempt.duration 0
        //   resilience.functional.attempts 1
        //   resilience.functional.retries 1
        //   resilience.functional.attempt.duration 0
        //   resilience.functional.attempts 1
        //   resilience.functional.duration 0
        // end snippet

        Assert.Equal(Right<Error, int>(42), result);
        Assert.Equal(
            [
                "resilience.functional.attempt.duration 0",
                "resilience.functional.attempts 1",
                "resilience.functional.retries 1",
                "resilience.functional.attempt.duration 0",
                "resilience.functional.attempts 1",
                "resilience.functional.duration 0",
            ],
            measurements);
    }
}
