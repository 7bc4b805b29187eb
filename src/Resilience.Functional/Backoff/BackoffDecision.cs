namespace Resilience.Functional.Scheduling;

/// <summary>A <see cref="Backoff"/> step's answer: stop, or retry after <see cref="Delay"/>. The default value stops.</summary>
public readonly record struct BackoffDecision
{
    private BackoffDecision(bool shouldRetry, TimeSpan delay, TimeSpan remainingElapsed, object? state)
    {
        ShouldRetry = shouldRetry;
        Delay = delay;
        RemainingElapsed = remainingElapsed;
        State = state;
    }

    /// <summary>Whether to retry.</summary>
    public bool ShouldRetry { get; }

    /// <summary>How long to wait before the retry (zero when stopping).</summary>
    public TimeSpan Delay { get; }

    /// <summary>
    /// How much more elapsed time the schedule allows from now (<see cref="TimeSpan.MaxValue"/> when unlimited); a
    /// retry-after hint longer than this ends the retries.
    /// </summary>
    public TimeSpan RemainingElapsed { get; }

    /// <summary>Opaque state to pass back in the next <see cref="BackoffInput.State"/>.</summary>
    public object? State { get; }

    /// <summary>Retry after <paramref name="delay"/>.</summary>
    /// <param name="delay">The delay, zero or positive.</param>
    /// <param name="remainingElapsed">The remaining elapsed-time budget, zero or positive (<see cref="TimeSpan.MaxValue"/> for none).</param>
    /// <param name="state">State for the next step.</param>
    /// <exception cref="ArgumentOutOfRangeException">A duration is negative.</exception>
    public static BackoffDecision Retry(TimeSpan delay, TimeSpan remainingElapsed, object? state) =>
        new(true, Durations.NonNegative(delay, nameof(delay)), Durations.NonNegative(remainingElapsed, nameof(remainingElapsed)), state);

    /// <summary>Stop retrying.</summary>
    /// <param name="state">State to keep (schedules that may resume, such as a union, need it).</param>
    public static BackoffDecision Stop(object? state) => new(false, TimeSpan.Zero, TimeSpan.Zero, state);

    internal BackoffDecision WithDelay(TimeSpan delay) => new(ShouldRetry, delay, RemainingElapsed, State);

    internal BackoffDecision WithState(object? state) => new(ShouldRetry, Delay, RemainingElapsed, state);

    internal BackoffDecision WithRemaining(TimeSpan remaining) => new(ShouldRetry, Delay, remaining, State);
}
