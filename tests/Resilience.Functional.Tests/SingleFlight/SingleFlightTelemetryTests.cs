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
}
