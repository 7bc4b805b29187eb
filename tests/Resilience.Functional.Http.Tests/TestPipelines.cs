namespace Resilience.Functional.Http.Tests;

/// <summary>Standard pipelines with test-sized settings: immediate retries, short timeouts, no budget.</summary>
public static class TestPipelines
{
    public static HttpStandardOptions Fast(TimeProvider? clock = null, int retries = 3, TimeSpan? attemptTimeout = null, TimeSpan? totalTimeout = null) => new()
    {
        Name = "test",
        Pipeline = new StandardPipelineOptions
        {
            Retry = new RetryOptions { Backoff = retries == 0 ? Backoff.Never : Backoff.Immediate.MaxRetries(retries) },
            RetryBudget = null,
            TotalTimeout = new() { Timeout = totalTimeout ?? TimeSpan.FromSeconds(10) },
            AttemptTimeout = new() { Timeout = attemptTimeout ?? TimeSpan.FromSeconds(5) },
            TimeProvider = clock,
        },
    };
}
