namespace Resilience.Functional;

/// <summary>
/// One marker per place that calls user operations through <see cref="Kernel{TSite}"/>, so that each has its own
/// compiled call site (see there for why). A package that runs operations through the kernel declares its own marker.
/// </summary>
internal static class CallSite
{
    public struct Bind;
    public struct Bulkhead;
    public struct CircuitBreaker;
    public struct Chaos;
    public struct ConcurrencyLimit;
    public struct Flatten;
    public struct Hedging;
    public struct HedgingAttempt;
    public struct Map;
    public struct Query;
    public struct RateLimiter;
    public struct Recovery;
    public struct Retry;
    public struct Run;
    public struct SingleFlight;
    public struct Telemetry;
    public struct Timeout;
}
