namespace Resilience.Functional.FSharp

open System
open Resilience.Functional

/// Rate limiting as curried, operation-last functions over the core's TokenBucket and the adapter for any
/// System.Threading.RateLimiting.RateLimiter.
[<RequireQualifiedAccess>]
module RateLimiter =
    /// A token bucket with the options (validated now; it starts full); share it between the operations it limits.
    let tokenBucket (options: TokenBucketOptions) : TokenBucket = TokenBucket options

    /// Runs the operation when the bucket has a token, and otherwise fails at once with a RateLimitedError whose
    /// retry-after says when the next token comes.
    let guard (bucket: TokenBucket) (operation: Operation<'T>) : Operation<'T> = operation.WithRateLimiter bucket

    /// As guard, but waits in arrival order for a token that comes within maxWait.
    let guardWaiting (maxWait: TimeSpan) (bucket: TokenBucket) (operation: Operation<'T>) : Operation<'T> =
        operation.WithRateLimiter(bucket, maxWait)

    /// Runs the operation under a lease from any System.Threading.RateLimiting limiter (held until it ends); a refused
    /// lease gives a RateLimitedError.
    let guardWith (limiter: System.Threading.RateLimiting.RateLimiter) (operation: Operation<'T>) : Operation<'T> =
        RateLimiterAdapterExtensions.WithRateLimiter(operation, limiter)

    /// The tokens in the bucket now.
    let availableTokens (bucket: TokenBucket) : float = bucket.AvailableTokens

    /// Takes a token if there is one; otherwise Error with how long until the next.
    let tryAcquire (bucket: TokenBucket) : Result<unit, TimeSpan> =
        let mutable retryAfter = TimeSpan.Zero
        if bucket.TryAcquire(&retryAfter) then Ok() else Error retryAfter
