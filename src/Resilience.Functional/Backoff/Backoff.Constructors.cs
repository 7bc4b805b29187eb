using System.Globalization;
using Resilience.Functional.Scheduling;

namespace Resilience.Functional;

public sealed partial class Backoff
{
    /// <summary>Retry at once, forever. The identity of <see cref="Intersect"/>.</summary>
    public static Backoff Immediate { get; } = OfAttempt(static _ => TimeSpan.Zero, "Immediate");

    /// <summary>Never retry. The identity of <see cref="Union"/> and <see cref="AndThen"/>.</summary>
    public static Backoff Never { get; } = new(static input => BackoffDecision.Stop(input.State), "Never", Needs.RetryNumber);

    /// <summary>Wait <paramref name="delay"/> before every retry, forever.</summary>
    /// <param name="delay">The delay, zero or positive.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delay"/> is negative.</exception>
    public static Backoff Constant(TimeSpan delay)
    {
        Durations.NonNegative(delay, nameof(delay));
        return OfAttempt(_ => delay, $"Constant({Durations.Format(delay)})");
    }

    /// <summary>Wait <c>baseDelay · n</c> before retry <c>n</c>, forever.</summary>
    /// <param name="baseDelay">The first delay and the increment, zero or positive.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="baseDelay"/> is negative.</exception>
    public static Backoff Linear(TimeSpan baseDelay)
    {
        var ticks = Durations.NonNegative(baseDelay, nameof(baseDelay)).Ticks;
        return OfAttempt(n => Durations.Multiply(ticks, n), $"Linear({Durations.Format(baseDelay)})");
    }

    /// <summary>Wait <c>baseDelay · factor^(n−1)</c> before retry <c>n</c>, forever (saturating at <see cref="TimeSpan.MaxValue"/>).</summary>
    /// <param name="baseDelay">The first delay, zero or positive.</param>
    /// <param name="factor">The growth factor, finite and at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public static Backoff Exponential(TimeSpan baseDelay, double factor)
    {
        var ticks = (double)Durations.NonNegative(baseDelay, nameof(baseDelay)).Ticks;
        if (!double.IsFinite(factor) || factor < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "The factor must be finite and at least 1.");
        }

        return OfAttempt(
            n => Durations.FromTicks(ticks == 0 ? 0 : ticks * Math.Pow(factor, n - 1.0)),
            $"Exponential({Durations.Format(baseDelay)}, x{factor.ToString(CultureInfo.InvariantCulture)})");
    }

    /// <summary>Wait <c>baseDelay · 2^(n−1)</c> before retry <c>n</c>: <see cref="Exponential(TimeSpan, double)"/> with factor 2.</summary>
    /// <param name="baseDelay">The first delay, zero or positive.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="baseDelay"/> is negative.</exception>
    public static Backoff Exponential(TimeSpan baseDelay) => Exponential(baseDelay, 2);

    /// <summary>Wait <c>baseDelay · F(n)</c> before retry <c>n</c> (F = 1, 1, 2, 3, 5, …), forever.</summary>
    /// <param name="baseDelay">The unit delay, zero or positive.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="baseDelay"/> is negative.</exception>
    public static Backoff Fibonacci(TimeSpan baseDelay)
    {
        var ticks = Durations.NonNegative(baseDelay, nameof(baseDelay)).Ticks;
        return OfAttempt(n => Durations.Multiply(ticks, FibonacciNumber(n)), $"Fibonacci({Durations.Format(baseDelay)})");
    }

    /// <summary>
    /// AWS "decorrelated jitter": <c>sleep = min(cap, U(baseDelay, 3 · previous sleep))</c>, the previous sleep
    /// starting at <paramref name="baseDelay"/>; forever. Every delay lies in [baseDelay, cap].
    /// </summary>
    /// <param name="baseDelay">The smallest delay, zero or positive.</param>
    /// <param name="cap">The largest delay, at least <paramref name="baseDelay"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public static Backoff DecorrelatedJitter(TimeSpan baseDelay, TimeSpan cap)
    {
        Durations.NonNegative(baseDelay, nameof(baseDelay));
        if (cap < baseDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(cap), cap, "The cap must be at least the base delay.");
        }

        double low = baseDelay.Ticks;
        return new(
            input =>
            {
                var previous = input.State is TimeSpan p ? p : baseDelay;
                var high = 3.0 * previous.Ticks;
                var delay = Durations.Min(cap, Durations.FromTicks(low + (input.Random.NextDouble() * (high - low))));
                return BackoffDecision.Retry(delay, TimeSpan.MaxValue, delay);
            },
            $"DecorrelatedJitter({Durations.Format(baseDelay)}, {Durations.Format(cap)})",
            Needs.History);
    }

    private static Backoff OfAttempt(Func<int, TimeSpan> delayOf, string description) =>
        new(input => BackoffDecision.Retry(delayOf(input.Attempt), TimeSpan.MaxValue, input.State), description, Needs.RetryNumber);

    private static long FibonacciNumber(int n)
    {
        // F(92) is the largest Fibonacci number in a long; past it every positive base saturates anyway.
        if (n > 92)
        {
            return long.MaxValue;
        }

        var (a, b) = (0L, 1L);
        for (var i = 1; i < n; i++)
        {
            (a, b) = (b, a + b);
        }

        return b;
    }
}
