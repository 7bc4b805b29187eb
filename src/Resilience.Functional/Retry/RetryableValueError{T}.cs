namespace Resilience.Functional;

/// <summary>A success value that a retry's <c>retryWhen</c> predicate rejected, with the value itself.</summary>
/// <typeparam name="T">The type of the value.</typeparam>
/// <param name="Value">The value the operation returned.</param>
public sealed record RetryableValueError<T>(T Value)
    : RetryableValueError($"The retry's predicate asked to retry the value {Value}.");
