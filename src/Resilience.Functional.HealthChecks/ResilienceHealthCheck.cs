using LanguageExt;
using LanguageExt.Common;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Resilience.Functional.HealthChecks;

/// <summary>
/// A <see cref="Resilience.Functional.HealthCheck"/> seen as an <see cref="IHealthCheck"/>: it runs with its own
/// timeout and failure state, and its result, error and data become a <see cref="HealthCheckResult"/>.
/// </summary>
public sealed class ResilienceHealthCheck : IHealthCheck
{
    private readonly TimeProvider timeProvider;

    /// <summary>An adapter for <paramref name="check"/> on <paramref name="timeProvider"/>.</summary>
    /// <param name="check">The check to expose.</param>
    /// <param name="timeProvider">The clock for the check's timeout.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public ResilienceHealthCheck(Resilience.Functional.HealthCheck check, TimeProvider timeProvider)
    {
        Check = check ?? throw new ArgumentNullException(nameof(check));
        this.timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
    }

    /// <summary>The check exposed.</summary>
    public Resilience.Functional.HealthCheck Check { get; }

    /// <summary>
    /// Runs the check. When <paramref name="cancellationToken"/> fires this throws
    /// <see cref="OperationCanceledException"/>, as <see cref="HealthCheckService"/> expects.
    /// </summary>
    /// <param name="context">The registration context (unused: the check carries its own settings).</param>
    /// <param name="cancellationToken">The caller's token.</param>
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var entry = await Check.RunAsync(timeProvider, cancellationToken).ConfigureAwait(false);
        if (cancellationToken.IsCancellationRequested && entry.Error.Exists(e => e.IsCancellation()))
        {
            throw new OperationCanceledException(cancellationToken);
        }

        return ToResult(entry);
    }

    /// <summary>The Microsoft result for an entry: same status, description, data, and the error's exception.</summary>
    /// <param name="entry">The entry.</param>
    public static HealthCheckResult ToResult(HealthCheckEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var data = (entry.Result.Case as HealthResult)?.Data ?? new Dictionary<string, object?>();
        var exception = entry.Error.Case is Error error
            ? error.Exception.Case as Exception ?? new ResilienceHealthCheckException(error.Message)
            : null;
        return new HealthCheckResult(ToStatus(entry.State), entry.Description, exception, data!);
    }

    /// <summary>The Microsoft status for a state (same numeric value).</summary>
    /// <param name="state">The state.</param>
    public static HealthStatus ToStatus(HealthState state) => (HealthStatus)(int)state;
}
