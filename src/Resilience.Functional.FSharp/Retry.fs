namespace Resilience.Functional.FSharp

open Resilience.Functional

/// Retries as curried, operation-last functions over the core's WithRetry, and retry budgets.
[<RequireQualifiedAccess>]
module Retry =
    /// Retries the operation as the options say (see the core's WithRetry): transient errors are retried on the
    /// backoff, permanent ones returned as they are, the caller's cancellation never retried.
    let withOptions (options: RetryOptions) (operation: Operation<'T>) : Operation<'T> = operation.WithRetry options

    /// Retries the operation on the backoff, with the default classifier, system clock and shared random source.
    let withBackoff (backoff: Backoff) (operation: Operation<'T>) : Operation<'T> =
        operation.WithRetry(RetryOptions(Backoff = backoff))

    /// Retries as withOptions, and also a success whose value the predicate calls worth another try (an empty page):
    /// it becomes a RetryableValueError carrying the value, retried like a transient error; read the value back from
    /// the final error with retriedValue.
    let onValue (options: RetryOptions) (retryWhen: 'T -> bool) (operation: Operation<'T>) : Operation<'T> =
        operation.WithRetry(options, System.Func<'T, bool> retryWhen)

    /// The last value a retry's predicate rejected, from the error the retry returned; None when it holds none.
    let retriedValue<'T> (error: ResilienceError) : 'T option = Interop.optionOf (error.RetriedValue<'T>())

    /// gRPC's token-ratio budget, full: maxTokens in (0, 1000]; a success gives back tokenRatio in (0, 1].
    let tokenRatioBudget (maxTokens: float) (tokenRatio: float) : TokenRatioRetryBudget =
        TokenRatioRetryBudget(maxTokens, tokenRatio)

    /// Finagle's percent budget (retries as a fraction of recent calls, plus a floor per second).
    let percentBudget (options: PercentRetryBudgetOptions) : PercentRetryBudget = PercentRetryBudget options

    /// Whether a retry asked for now would be refused (a snapshot, for health reporting).
    let isExhausted (budget: RetryBudget) : bool = budget.IsExhausted
