namespace Resilience.Functional;

/// <summary>Settings of a timeout (see <see cref="TimeoutExtensions.WithTimeout{T}(Func{CancellationToken, ValueTask{LanguageExt.Either{LanguageExt.Common.Error, T}}}, TimeoutOptions)"/>).</summary>
/// <remarks>
/// A timeout bounds whatever it wraps, so its position decides what it measures: outside a retry it is a total
/// timeout over every attempt and wait; inside a retry (<c>call.WithTimeout(perAttempt).WithRetry(...)</c>) it
/// bounds each attempt, and its <see cref="TimeoutError"/> is transient, so the retry goes on.
/// </remarks>
public sealed record TimeoutOptions
{
    /// <summary>How long the operation may run. In (0, about 49.7 days]; default 30 seconds.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is zero, negative or beyond the timer range.</exception>
    public TimeSpan Timeout
    {
        get;
        init => field = OptionGuards.PositiveDelay(value, nameof(Timeout));
    } = TimeSpan.FromSeconds(30);

    /// <summary>Cooperative (default) or pessimistic; see <see cref="TimeoutMode"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined <see cref="TimeoutMode"/>.</exception>
    public TimeoutMode Mode
    {
        get;
        init => field = Enum.IsDefined(value)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(Mode), value, $"{nameof(Mode)} must be {nameof(TimeoutMode.Cooperative)} or {nameof(TimeoutMode.Pessimistic)}.");
    } = TimeoutMode.Cooperative;

    /// <summary>The clock that decides the deadline; default <see cref="TimeProvider.System"/>.</summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public TimeProvider TimeProvider
    {
        get;
        init => field = OptionGuards.NotNull(value, nameof(TimeProvider));
    } = TimeProvider.System;

    /// <summary>
    /// The name this pattern's telemetry is tagged with (<c>resilience.policy.name</c>, see docs/telemetry.md); a
    /// <see cref="Policy"/> built from these settings passes its own name here. Default <c>timeout</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The value is null, empty or white space.</exception>
    public string Name
    {
        get;
        init => field = OptionGuards.Name(value, nameof(Name));
    } = TimeoutTelemetry.DefaultName;
}
