namespace Resilience.Functional;

/// <summary>One measured call, the only input that moves a limit.</summary>
/// <param name="RoundTrip">How long the call took, on the limiter's clock.</param>
/// <param name="InFlight">The calls in flight when it started, itself included.</param>
/// <param name="Dropped">Whether it failed in a way that signals overload (a transient failure).</param>
internal readonly record struct LimitSample(TimeSpan RoundTrip, int InFlight, bool Dropped);
