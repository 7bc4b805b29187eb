using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>The outcome of one check in a run.</summary>
/// <param name="Check">The check that ran.</param>
/// <param name="State">The state: the result's, or the check's failure state when it failed.</param>
/// <param name="Result">What the check returned, when it returned a result.</param>
/// <param name="Error">Why it failed (error, exception, timeout, cancellation), when it did.</param>
/// <param name="Duration">How long it took on the registry's clock.</param>
/// <param name="Time">When it finished on the registry's clock.</param>
public sealed record HealthCheckEntry(
    HealthCheck Check,
    HealthState State,
    Option<HealthResult> Result,
    Option<Error> Error,
    TimeSpan Duration,
    DateTimeOffset Time)
{
    /// <summary>The check's name.</summary>
    public string Name => Check.Name;

    /// <summary>The result's description, else the error's message, else null.</summary>
    public string? Description =>
        (Result.Case as HealthResult)?.Description ?? (Error.Case as Error)?.Message;
}
