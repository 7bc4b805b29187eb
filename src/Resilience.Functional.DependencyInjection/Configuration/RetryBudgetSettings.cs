namespace Resilience.Functional.DependencyInjection.Configuration;

/// <summary>
/// The configuration of a retry budget shared by every call through the policy: <c>Percent</c> (the default,
/// <see cref="PercentRetryBudgetOptions"/>) or <c>TokenRatio</c> (<see cref="TokenRatioRetryBudget"/>).
/// </summary>
public sealed record RetryBudgetSettings
{
    /// <summary><c>Percent</c> (default) or <c>TokenRatio</c>.</summary>
    public string? Kind { get; init; }

    /// <summary><see cref="PercentRetryBudgetOptions.Ttl"/>, as a duration.</summary>
    public string? Ttl { get; init; }

    /// <summary><see cref="PercentRetryBudgetOptions.MinRetriesPerSecond"/>.</summary>
    public double? MinRetriesPerSecond { get; init; }

    /// <summary><see cref="PercentRetryBudgetOptions.RetryRatio"/>.</summary>
    public double? RetryRatio { get; init; }

    /// <summary>The <c>maxTokens</c> of a <see cref="TokenRatioRetryBudget"/>; default 10.</summary>
    public double? MaxTokens { get; init; }

    /// <summary>The <c>tokenRatio</c> of a <see cref="TokenRatioRetryBudget"/>; default 0.1.</summary>
    public double? TokenRatio { get; init; }

    /// <summary>A plan that makes the budget, or reuses the previous one when its settings are the same.</summary>
    internal Func<object?, RetryBudget> ToFactory(SettingPath path, TimeProvider clock)
    {
        var kind = Kind ?? "Percent";
        if (kind.Equals("TokenRatio", StringComparison.OrdinalIgnoreCase))
        {
            var max = MaxTokens ?? 10;
            var ratio = TokenRatio ?? 0.1;
            _ = path.Check(
                () => new TokenRatioRetryBudget(max, ratio),
                ("maxTokens", nameof(MaxTokens), MaxTokens),
                ("tokenRatio", nameof(TokenRatio), TokenRatio));
            return previous => previous is TokenRatioRetryBudget old && old.MaxTokens == max && old.TokenRatio == ratio
                ? old
                : new TokenRatioRetryBudget(max, ratio);
        }

        if (!kind.Equals("Percent", StringComparison.OrdinalIgnoreCase))
        {
            throw path[nameof(Kind)].Invalid(Kind, "must be Percent or TokenRatio");
        }

        var options = new PercentRetryBudgetOptions { TimeProvider = clock };
        if (ConfigurationDuration.Read(Ttl, path[nameof(Ttl)]) is { } ttl)
        {
            options = path[nameof(Ttl)].Check(Ttl, () => options with { Ttl = ttl });
        }

        if (MinRetriesPerSecond is { } minimum)
        {
            options = path[nameof(MinRetriesPerSecond)].Check(minimum, () => options with { MinRetriesPerSecond = minimum });
        }

        if (RetryRatio is { } retryRatio)
        {
            options = path[nameof(RetryRatio)].Check(retryRatio, () => options with { RetryRatio = retryRatio });
        }

        return previous => previous is PercentRetryBudget old && old.Options == options ? old : new PercentRetryBudget(options);
    }
}
