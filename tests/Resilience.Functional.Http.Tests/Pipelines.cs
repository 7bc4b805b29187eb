namespace Resilience.Functional.Http.Tests;

/// <summary>Standard pipelines with test-sized settings: immediate retries, short timeouts, no budget.</summary>
public static class Pipelines
{
    public static HttpStandardOptions Fast(TimeProvider? clock = null, int retries = 3, TimeSpan? attemptTimeout = null, TimeSpan? totalTimeout = null) => new()
    {
        Name = "test",
        Pipeline = new StandardPipelineOptions
        {
            Retry = new RetryOptions { Backoff = Backoff.Immediate.MaxRetries(retries) },
            RetryBudget = null,
            TotalTimeout = new() { Timeout = totalTimeout ?? TimeSpan.FromSeconds(10) },
            AttemptTimeout = new() { Timeout = attemptTimeout ?? TimeSpan.FromSeconds(5) },
            TimeProvider = clock,
        },
    };
}
