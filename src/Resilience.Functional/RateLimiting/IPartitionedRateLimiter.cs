using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional.Stores;

/// <summary>
/// A rate limiter whose permits are counted per partition key (a client, a tenant) and may live outside the process,
/// e.g. on Redis, so that every instance of a service shares one limit. The in-memory <see cref="TokenBucket"/> stays
/// the default for a limit of one process.
/// </summary>
/// <remarks>
/// The combinator calls it as untrusted code: a throw or a faulted task becomes the call's error and the operation
/// does not run.
/// </remarks>
public interface IPartitionedRateLimiter
{
    /// <summary>The name the combinator's telemetry reports under (<c>resilience.policy.name</c>).</summary>
    string Name { get; }

    /// <summary>
    /// Takes one permit of <paramref name="partitionKey"/> without waiting: <c>Right</c> when taken; a
    /// <see cref="RateLimitedError"/> with the retry-after when refused; another error when the limiter could not
    /// decide and is configured to refuse then.
    /// </summary>
    /// <param name="partitionKey">The partition whose limit applies.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    ValueTask<Either<Error, Unit>> AcquireAsync(string partitionKey, CancellationToken cancellationToken);
}
