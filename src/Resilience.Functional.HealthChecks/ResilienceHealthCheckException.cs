namespace Resilience.Functional.HealthChecks;

/// <summary>Carries the message of a check's error that had no exception, for <c>HealthCheckResult.Exception</c>.</summary>
public sealed class ResilienceHealthCheckException : Exception
{
    /// <summary>An exception with no message.</summary>
    public ResilienceHealthCheckException()
    {
    }

    /// <summary>An exception with <paramref name="message"/>.</summary>
    /// <param name="message">The error's message.</param>
    public ResilienceHealthCheckException(string message)
        : base(message)
    {
    }

    /// <summary>An exception with <paramref name="message"/> and <paramref name="innerException"/>.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ResilienceHealthCheckException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
