namespace Resilience.Functional.DependencyInjection.Configuration;

/// <summary>
/// The configuration of a retry (<see cref="RetryOptions"/>) and its backoff. With no backoff key the backoff is
/// <see cref="RetryOptions"/>' default; otherwise it is built from <see cref="Backoff"/>, <see cref="BaseDelay"/>,
/// <see cref="Factor"/>, <see cref="MaxDelay"/>, <see cref="Jitter"/>, <see cref="MaxRetries"/> and
/// <see cref="MaxElapsed"/>, each absent one taking the default's value.
/// </summary>
public sealed record RetrySettings
{
    /// <summary>The shape: <c>Immediate</c>, <c>Constant</c>, <c>Linear</c>, <c>Exponential</c> (default), <c>Fibonacci</c> or <c>DecorrelatedJitter</c>.</summary>
    public string? Backoff { get; init; }

    /// <summary>The first (or constant) delay, as a duration; default 200 ms.</summary>
    public string? BaseDelay { get; init; }

    /// <summary>The growth factor of <c>Exponential</c>; default 2.</summary>
    public double? Factor { get; init; }

    /// <summary>The cap on one delay (<see cref="Functional.Backoff.CapDelay"/>, and the cap of <c>DecorrelatedJitter</c>), as a duration; default 30 s.</summary>
    public string? MaxDelay { get; init; }

    /// <summary><c>None</c>, <c>Full</c> (default) or <c>Equal</c> (<see cref="Functional.Backoff.FullJitter"/>, <see cref="Functional.Backoff.EqualJitter"/>); ignored by <c>DecorrelatedJitter</c>.</summary>
    public string? Jitter { get; init; }

    /// <summary>At most this many retries (<see cref="Functional.Backoff.MaxRetries"/>); default 3.</summary>
    public int? MaxRetries { get; init; }

    /// <summary>No retry after this much time since the first attempt (<see cref="Functional.Backoff.MaxElapsed"/>), as a duration; default none.</summary>
    public string? MaxElapsed { get; init; }

    /// <summary>A retry budget shared by the policy's calls; absent: none.</summary>
    public RetryBudgetSettings? Budget { get; init; }

    private bool ShapesBackoff =>
        Backoff is not null || BaseDelay is not null || Factor is not null || MaxDelay is not null || Jitter is not null
        || MaxRetries is not null || MaxElapsed is not null;

    internal LayerPlan ToPlan(SettingPath path, string budgetName, TimeProvider clock)
    {
        var options = new RetryOptions { TimeProvider = clock };
        if (ShapesBackoff)
        {
            var backoff = ToBackoff(path);
            options = options with { Backoff = backoff };
        }

        if (Budget is null)
        {
            return LayerPlan.Stateless(Policy.Retry(options));
        }

        var budget = Budget.ToFactory(path[nameof(Budget)], clock);
        return new LayerPlan(budgetName, previous =>
        {
            var made = budget(previous);
            return new LayerMade(Policy.Retry(options with { Budget = made }), made);
        });
    }

    private Functional.Backoff ToBackoff(SettingPath path)
    {
        var baseDelay = ConfigurationDuration.Read(BaseDelay, path[nameof(BaseDelay)]) ?? TimeSpan.FromMilliseconds(200);
        var maxDelay = ConfigurationDuration.Read(MaxDelay, path[nameof(MaxDelay)]) ?? TimeSpan.FromSeconds(30);
        var kind = Backoff ?? "Exponential";
        var shape = kind.ToUpperInvariant() switch
        {
            "IMMEDIATE" => Functional.Backoff.Immediate,
            "CONSTANT" => path[nameof(BaseDelay)].Check(BaseDelay, () => Functional.Backoff.Constant(baseDelay)),
            "LINEAR" => path[nameof(BaseDelay)].Check(BaseDelay, () => Functional.Backoff.Linear(baseDelay)),
            "EXPONENTIAL" => path.Check(
                () => Functional.Backoff.Exponential(baseDelay, Factor ?? 2),
                ("baseDelay", nameof(BaseDelay), BaseDelay),
                ("factor", nameof(Factor), Factor)),
            "FIBONACCI" => path[nameof(BaseDelay)].Check(BaseDelay, () => Functional.Backoff.Fibonacci(baseDelay)),
            "DECORRELATEDJITTER" => path.Check(
                () => Functional.Backoff.DecorrelatedJitter(baseDelay, maxDelay),
                ("baseDelay", nameof(BaseDelay), BaseDelay),
                ("cap", nameof(MaxDelay), MaxDelay)),
            _ => throw path[nameof(Backoff)].Invalid(Backoff, "must be Immediate, Constant, Linear, Exponential, Fibonacci or DecorrelatedJitter"),
        };
        var decorrelated = kind.Equals("DecorrelatedJitter", StringComparison.OrdinalIgnoreCase);
        var capped = decorrelated ? shape : path[nameof(MaxDelay)].Check(MaxDelay, () => shape.CapDelay(maxDelay));
        var jittered = decorrelated ? capped : (Jitter ?? "Full").ToUpperInvariant() switch
        {
            "NONE" => capped,
            "FULL" => capped.FullJitter(),
            "EQUAL" => capped.EqualJitter(),
            _ => throw path[nameof(Jitter)].Invalid(Jitter, "must be None, Full or Equal"),
        };
        var limited = path[nameof(MaxRetries)].Check(MaxRetries, () => jittered.MaxRetries(MaxRetries ?? 3));
        return ConfigurationDuration.Read(MaxElapsed, path[nameof(MaxElapsed)]) is { } elapsed
            ? path[nameof(MaxElapsed)].Check(MaxElapsed, () => limited.MaxElapsed(elapsed))
            : limited;
    }
}
