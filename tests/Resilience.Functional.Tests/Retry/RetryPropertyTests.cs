using FsCheck.Xunit;

namespace Resilience.Functional.Tests;

[Properties(MaxTest = 10_000)]
public class RetryPropertyTests
{
    [Property]
    public bool Never_more_retries_than_the_limit(byte limitSeed, byte failuresSeed)
    {
        var (limit, failures) = ((limitSeed % 8) + 1, failuresSeed % 12);
        var calls = 0;
        var op = Op.Of<int>(_ => ++calls <= failures ? Outcome.Failure<int>(new TimeoutError(TimeSpan.Zero)) : Outcome.Success(calls));

        var outcome = op.WithRetry(new RetryOptions { Backoff = Backoff.Immediate.MaxRetries(limit) }).RunSync();

        return calls == Math.Min(failures, limit) + 1
            && (failures <= limit ? outcome.IsRight : ((Error)outcome is RetriesExhaustedError e && e.Attempts.Count == limit + 1));
    }
}
