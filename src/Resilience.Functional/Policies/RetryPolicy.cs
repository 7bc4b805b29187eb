using System.Globalization;
using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>The retry layer.</summary>
/// <param name="options">The settings.</param>
/// <param name="failsFast">
/// Whether an open circuit is final whatever the classifier says: a preset's breaker sits inside its retry, and
/// waiting out the break would turn a fast failure back into a slow one.
/// </param>
internal sealed class RetryPolicy(RetryOptions options, bool failsFast = false) : Policy(options.Name)
{
    private readonly RetryOptions effective = failsFast
        ? options with { Classifier = options.Classifier.Except(static e => e is CircuitOpenError) }
        : options;

    internal override TimeProvider Clock => options.TimeProvider;

    internal override string Settings =>
        $"Retry(backoff {options.Backoff}, budget {DescribeBudget(options.Budget)}, classifier {(ReferenceEquals(options.Classifier, ErrorClassifier.Default) ? "default (transient only)" : "custom")}{(failsFast ? " except CircuitOpenError" : string.Empty)})";

    internal override Func<CancellationToken, ValueTask<Either<Error, T>>> Build<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        string name,
        string? pipeline) =>
        RetryExtensions.Apply(operation, effective, name, pipeline);

    internal static string DescribeBudget(RetryBudget? budget) => budget switch
    {
        null => "none",
        TokenRatioRetryBudget b => string.Create(CultureInfo.InvariantCulture, $"TokenRatio(max {b.MaxTokens}, ratio {b.TokenRatio})"),
        PercentRetryBudget b => string.Create(
            CultureInfo.InvariantCulture,
            $"Percent(ratio {b.Options.RetryRatio}, min {b.Options.MinRetriesPerSecond}/s, ttl {Durations.Format(b.Options.Ttl)})"),
        _ => budget.GetType().Name,
    };
}
