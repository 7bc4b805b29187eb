namespace Resilience.Functional;

/// <summary>Settings of <see cref="RetryExtensions.WithRetry{T}(Func{CancellationToken, ValueTask{LanguageExt.Either{LanguageExt.Common.Error, T}}}, RetryOptions)"/>. Every property is validated when it is set.</summary>
public sealed record RetryOptions
{
    /// <summary>
    /// When to retry and how long to wait. Default: exponential from 200 ms, factor 2, capped at 30 s, full jitter,
    /// at most 3 retries.
    /// </summary>
    public Backoff Backoff
    {
        get;
        init => field = value ?? throw new ArgumentNullException(nameof(Backoff));
    } = Backoff.Exponential(TimeSpan.FromMilliseconds(200), 2).CapDelay(TimeSpan.FromSeconds(30)).FullJitter().MaxRetries(3);

    /// <summary>Which errors are worth retrying. Default <see cref="ErrorClassifier.Default"/>.</summary>
    public ErrorClassifier Classifier
    {
        get;
        init => field = value ?? throw new ArgumentNullException(nameof(Classifier));
    } = ErrorClassifier.Default;

    /// <summary>The clock waits and elapsed time use. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider
    {
        get;
        init => field = value ?? throw new ArgumentNullException(nameof(TimeProvider));
    } = TimeProvider.System;

    /// <summary>
    /// The random source jitter draws from. Default the thread-safe <see cref="System.Random.Shared"/>. Pass a seeded
    /// <see cref="System.Random"/> for reproducible runs: the library serialises access to it.
    /// </summary>
    public Random Random
    {
        get;
        init => field = value ?? throw new ArgumentNullException(nameof(Random));
    } = Random.Shared;

    /// <summary>An optional budget shared with other retries; none by default.</summary>
    public RetryBudget? Budget { get; init; }

    /// <summary>
    /// Called once the retry is decided and its wait armed, before the wait ends; none by default. Like every observer
    /// in this library it cannot change the outcome: an exception it throws is swallowed.
    /// </summary>
    public Action<RetryEvent>? OnRetry { get; init; }

    /// <summary>
    /// The name this pattern's telemetry is tagged with (<c>resilience.policy.name</c>, see docs/telemetry.md); a
    /// <see cref="Policy"/> built from these settings passes its own name here. Default <c>retry</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The value is null, empty or white space.</exception>
    public string Name
    {
        get;
        init => field = OptionGuards.Name(value, nameof(Name));
    } = RetryTelemetry.DefaultName;
}
