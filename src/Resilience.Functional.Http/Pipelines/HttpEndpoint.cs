namespace Resilience.Functional;

/// <summary>
/// The state an <see cref="HttpPipeline"/> keeps for one endpoint (an authority, or the key
/// <c>PartitionKey</c> gives): its circuit breaker, watched through <see cref="HttpPipeline.Endpoints"/> and
/// <see cref="HttpPipeline.HealthCheck"/>.
/// </summary>
public sealed class HttpEndpoint
{
    internal HttpEndpoint(string key, CircuitBreaker breaker, Policy policy, Policy singleAttempt)
    {
        Key = key;
        CircuitBreaker = breaker;
        Policy = policy;
        Run = policy.Wrap(HttpCall.Attempt);
        RunSingleAttempt = singleAttempt.Wrap(HttpCall.Attempt);
    }

    /// <summary>The endpoint's key: <c>scheme://host:port</c> by default.</summary>
    public string Key { get; }

    /// <summary>The endpoint's breaker.</summary>
    public CircuitBreaker CircuitBreaker { get; }

    internal Policy Policy { get; }

    /// <summary>The endpoint's pipeline around the ambient call's attempt, built once.</summary>
    internal Func<CancellationToken, ValueTask<LanguageExt.Either<LanguageExt.Common.Error, HttpResponseMessage>>> Run { get; }

    /// <summary>The same without the retry or hedging layer, for a request that may be sent only once.</summary>
    internal Func<CancellationToken, ValueTask<LanguageExt.Either<LanguageExt.Common.Error, HttpResponseMessage>>> RunSingleAttempt { get; }

    /// <summary>An open or half-open breaker keeps its endpoint: evicting it would forget the protection.</summary>
    internal bool CanEvict => CircuitBreaker.State == CircuitState.Closed;
}
