using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>
/// A named health check: an operation returning a <see cref="HealthResult"/>, run with its own timeout. An error, a
/// thrown exception or the timeout makes the check report <see cref="FailureState"/> with the error.
/// </summary>
public sealed partial record HealthCheck
{
    /// <summary>The longest timeout <see cref="Task.Delay(TimeSpan, TimeProvider, CancellationToken)"/> accepts.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private readonly string name = "";
    private readonly Func<CancellationToken, ValueTask<Either<Error, HealthResult>>> check = null!;
    private readonly TimeSpan timeout = TimeSpan.FromSeconds(30);
    private readonly IReadOnlySet<string> tags = new System.Collections.Generic.HashSet<string>();
    private readonly string? measurement;

    /// <summary>A check named <paramref name="name"/> running <paramref name="check"/>.</summary>
    /// <param name="name">The name; unique within a registry, not empty. The component name in <c>application/health+json</c>.</param>
    /// <param name="check">The operation that observes the component.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or white space.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> or <paramref name="check"/> is null.</exception>
    public HealthCheck(string name, Func<CancellationToken, ValueTask<Either<Error, HealthResult>>> check)
    {
        Name = name;
        Check = check;
    }

    /// <summary>The name; unique within a registry.</summary>
    /// <exception cref="ArgumentException">Empty or white space.</exception>
    public string Name
    {
        get => name;
        init => name = string.IsNullOrWhiteSpace(value ?? throw new ArgumentNullException(nameof(Name)))
            ? throw new ArgumentException("A health check name must not be empty or white space.", nameof(Name))
            : value;
    }

    /// <summary>The operation that observes the component.</summary>
    public Func<CancellationToken, ValueTask<Either<Error, HealthResult>>> Check
    {
        get => check;
        init => check = value ?? throw new ArgumentNullException(nameof(Check));
    }

    /// <summary>How long the check may take; past it the check reports a <see cref="TimeoutError"/>. In (0, <see cref="MaxTimeout"/>], default 30 s.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not positive or above <see cref="MaxTimeout"/>.</exception>
    public TimeSpan Timeout
    {
        get => timeout;
        init => timeout = value > TimeSpan.Zero && value <= MaxTimeout
            ? value
            : throw new ArgumentOutOfRangeException(nameof(Timeout), value, $"Timeout must be in (0, {MaxTimeout}].");
    }

    /// <summary>The state reported when the check fails (error, exception, timeout). Default <see cref="HealthState.Unhealthy"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined <see cref="HealthState"/>.</exception>
    public HealthState FailureState
    {
        get;
        init => field = Enum.IsDefined(value)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(FailureState), value, "FailureState must be Unhealthy, Degraded or Healthy.");
    } = HealthState.Unhealthy;

    /// <summary>Tags to select a subset of a registry (<see cref="HealthRegistry.WithTag"/>). Empty by default.</summary>
    public IReadOnlySet<string> Tags
    {
        get => tags;
        init => tags = value ?? throw new ArgumentNullException(nameof(Tags));
    }

    /// <summary>The measurement name in <c>application/health+json</c>; the key is <c>name:measurement</c>, or the name alone when null.</summary>
    /// <exception cref="ArgumentException">Empty or white space.</exception>
    public string? Measurement
    {
        get => measurement;
        init => measurement = value is not null && string.IsNullOrWhiteSpace(value)
            ? throw new ArgumentException("Measurement must be null or not white space.", nameof(Measurement))
            : value;
    }

    /// <summary>The key of this check in <c>application/health+json</c>: <c>component:measurement</c>.</summary>
    public string Key => measurement is null ? name : $"{name}:{measurement}";

    /// <summary>This check with <paramref name="tags"/> added to its tags.</summary>
    /// <param name="tags">The tags.</param>
    public HealthCheck WithTags(params string[] tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        var set = new System.Collections.Generic.HashSet<string>(Tags, StringComparer.Ordinal);
        set.UnionWith(tags);
        return this with { Tags = set };
    }

    /// <summary>Runs this check once: within its timeout, concurrently safe, never throwing.</summary>
    /// <param name="timeProvider">The clock for the timeout and the duration.</param>
    /// <param name="cancellationToken">The caller's token; when it fires the entry carries a <see cref="CancelledError"/>.</param>
    /// <returns>The entry: the result's state, or <see cref="FailureState"/> with the error.</returns>
    public ValueTask<HealthCheckEntry> RunAsync(TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        return HealthCheckRunner.RunAsync(this, timeProvider, cancellationToken);
    }
}
