using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>
/// An immutable set of uniquely named health checks that runs them all concurrently, each under its own timeout, and
/// aggregates their states with <see cref="HealthAggregation.Combine"/>. Safe to share and to run concurrently.
/// </summary>
public sealed class HealthRegistry
{
    private readonly HealthCheck[] checks;
    private readonly TimeProvider timeProvider;

    /// <summary>A registry of <paramref name="checks"/> on the system clock.</summary>
    /// <param name="checks">The checks; names must be unique.</param>
    /// <exception cref="ArgumentException">A null check or two checks with the same name.</exception>
    public HealthRegistry(IEnumerable<HealthCheck> checks)
        : this(checks, TimeProvider.System)
    {
    }

    /// <summary>A registry of <paramref name="checks"/> on <paramref name="timeProvider"/>.</summary>
    /// <param name="checks">The checks; names must be unique.</param>
    /// <param name="timeProvider">The clock for timeouts, durations and timestamps.</param>
    /// <exception cref="ArgumentException">A null check or two checks with the same name.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="checks"/> or <paramref name="timeProvider"/> is null.</exception>
    public HealthRegistry(IEnumerable<HealthCheck> checks, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(checks);
        this.timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        this.checks = checks.ToArray();
        var names = new System.Collections.Generic.HashSet<string>(StringComparer.Ordinal);
        foreach (var check in this.checks)
        {
            if (check is null)
            {
                throw new ArgumentException("A registry must not contain a null check.", nameof(checks));
            }

            if (!names.Add(check.Name))
            {
                throw new ArgumentException($"Health check names must be unique; '{check.Name}' appears twice.", nameof(checks));
            }
        }
    }

    /// <summary>The checks, in registration order.</summary>
    public IReadOnlyList<HealthCheck> Checks => checks;

    /// <summary>The clock of this registry.</summary>
    public TimeProvider TimeProvider => timeProvider;

    /// <summary>This registry with <paramref name="check"/> added.</summary>
    /// <param name="check">The check to add; its name must be new.</param>
    /// <exception cref="ArgumentException">The name is already registered.</exception>
    public HealthRegistry Add(HealthCheck check) => new(checks.Append(check), timeProvider);

    /// <summary>The subset of checks that satisfy <paramref name="predicate"/>.</summary>
    /// <param name="predicate">Which checks to keep.</param>
    public HealthRegistry Filter(Func<HealthCheck, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return new(checks.Where(predicate), timeProvider);
    }

    /// <summary>The subset of checks tagged <paramref name="tag"/>.</summary>
    /// <param name="tag">The tag.</param>
    public HealthRegistry WithTag(string tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        return Filter(c => c.Tags.Contains(tag));
    }

    /// <summary>
    /// Runs every check concurrently and reports. A check that fails or times out reports its failure state without
    /// delaying the others. Fails only with <see cref="CancelledError"/>, when the caller cancels.
    /// </summary>
    /// <param name="cancellationToken">The caller's token.</param>
    public async ValueTask<Either<Error, HealthCheckReport>> RunAsync(CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Either<Error, HealthCheckReport>.Left(CancelledError.Instance);
        }

        var started = timeProvider.GetTimestamp();
        var running = new Task<HealthCheckEntry>[checks.Length];
        for (var i = 0; i < checks.Length; i++)
        {
            running[i] = HealthCheckRunner.RunAsync(checks[i], timeProvider, cancellationToken).AsTask();
        }

        var entries = await Task.WhenAll(running).ConfigureAwait(false);
        if (cancellationToken.IsCancellationRequested)
        {
            return Either<Error, HealthCheckReport>.Left(CancelledError.Instance);
        }

        var state = HealthAggregation.Combine(entries.Select(e => e.State));
        return Either<Error, HealthCheckReport>.Right(new HealthCheckReport(state, entries, timeProvider.GetElapsedTime(started)));
    }
}
