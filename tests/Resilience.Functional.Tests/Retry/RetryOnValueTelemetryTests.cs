namespace Resilience.Functional.Tests;

[Collection(nameof(TelemetryCollection))]
public sealed class RetryOnValueTelemetryTests
{
    private readonly string name = $"rv-{Guid.NewGuid():N}";

    [Fact]
    public void A_retry_on_a_value_is_told_from_one_on_an_error_by_its_error_type()
    {
        using var recording = new TelemetryRecording(name);
        var calls = 0;
        var op = Op.Of(_ => new ValueTask<Either<Error, int>>(++calls switch
        {
            1 => Left<Error, int>(new TimeoutError(TimeSpan.FromSeconds(1))),
            2 => Right<Error, int>(0),
            _ => Right<Error, int>(7),
        }));

        Assert.Equal(7, (int)op.WithRetry(new RetryOptions { Backoff = Backoff.Immediate.MaxRetries(3), Name = name }, v => v == 0).RunSync());

        var retries = recording.Measurements.Where(m => m.StartsWith(ResilienceTelemetry.Retries + " ", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, retries.Length);
        Assert.Contains($"{ResilienceTelemetry.ErrorTypeTag}={nameof(TimeoutError)}", retries[0], StringComparison.Ordinal);
        Assert.Contains($"{ResilienceTelemetry.ErrorTypeTag}={nameof(RetryableValueError)},", retries[1], StringComparison.Ordinal);
    }
}
