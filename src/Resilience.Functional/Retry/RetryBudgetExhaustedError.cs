using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>
/// A retry budget refused to pay for a retry, so the failure is returned without retrying. Permanent: retrying it
/// would be the retry storm the budget exists to stop.
/// </summary>
/// <param name="Failure">The failure that would have been retried.</param>
public sealed record RetryBudgetExhaustedError(Error Failure)
    : Expected($"The retry budget is exhausted; last failure: {Failure.Message}", ErrorCodes.RetryBudgetExhausted, Failure);
