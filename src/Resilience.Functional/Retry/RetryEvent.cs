using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>What <see cref="RetryOptions.OnRetry"/> is told before each retry waits.</summary>
/// <param name="Attempt">The retry number: 1 for the first retry (the second call).</param>
/// <param name="Error">The error of the attempt that failed.</param>
/// <param name="Delay">The wait before the retry.</param>
public readonly record struct RetryEvent(int Attempt, Error Error, TimeSpan Delay);
