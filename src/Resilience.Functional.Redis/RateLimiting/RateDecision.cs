namespace Resilience.Functional.Redis;

/// <summary>
/// A limiter's answer for one acquisition: admitted, or refused with the wait until it would be (when known), and
/// the server's time of the decision in microseconds (0 when decided locally).
/// </summary>
internal readonly record struct RateDecision(bool Admitted, TimeSpan? RetryAfter, long ServerMicros = 0)
{
    public static RateDecision Admit { get; } = new(true, null);
}
