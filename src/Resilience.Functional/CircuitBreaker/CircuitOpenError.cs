using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>A circuit breaker rejected the call without running it. Transient, with a retry-after hint.</summary>
/// <param name="TimeUntilProbe">How long until the breaker admits its next probe (zero when probes are already running).</param>
public sealed record CircuitOpenError(TimeSpan TimeUntilProbe)
    : Expected("The circuit is open.", ErrorCodes.CircuitOpen, Option<Error>.None), IRetryAfterHint
{
    /// <summary>What happened, with the time until the next probe; built when read, since a rejection is on the open circuit's hot path.</summary>
    public override string Message => $"The circuit is open; the next probe is admitted in {TimeUntilProbe}.";

    /// <inheritdoc />
    public Option<TimeSpan> RetryAfter => TimeUntilProbe;
}
