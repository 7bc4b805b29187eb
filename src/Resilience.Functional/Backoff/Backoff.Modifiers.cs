using LanguageExt.Common;
using Resilience.Functional.Scheduling;

namespace Resilience.Functional;

public sealed partial class Backoff
{
    /// <summary>Never wait longer than <paramref name="cap"/> for one retry.</summary>
    /// <param name="cap">The largest delay, zero or positive.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="cap"/> is negative.</exception>
    public Backoff CapDelay(TimeSpan cap)
    {
        Durations.NonNegative(cap, nameof(cap));
        return MapDecision((_, d) => d.ShouldRetry && d.Delay > cap ? d.WithDelay(cap) : d, $"CapDelay({Durations.Format(cap)})", Needs.RetryNumber);
    }

    /// <summary>AWS "full jitter": each delay <c>t</c> becomes <c>U(0, t)</c>.</summary>
    public Backoff FullJitter() =>
        MapDecision(static (input, d) => d.WithDelay(Durations.FromTicks(input.Random.NextDouble() * d.Delay.Ticks)), "FullJitter()", Needs.RetryNumber);

    /// <summary>AWS "equal jitter": each delay <c>t</c> becomes <c>t/2 + U(0, t/2)</c>.</summary>
    public Backoff EqualJitter() =>
        MapDecision(
            static (input, d) =>
            {
                var half = d.Delay.Ticks / 2.0;
                return d.WithDelay(Durations.FromTicks(half + (input.Random.NextDouble() * half)));
            },
            "EqualJitter()",
            Needs.RetryNumber);

    /// <summary>
    /// Retry at most <paramref name="retries"/> times: the first attempt is not a retry, so the operation runs at most
    /// <c>retries + 1</c> times.
    /// </summary>
    /// <param name="retries">The number of retries, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="retries"/> is below 1.</exception>
    public Backoff MaxRetries(int retries)
    {
        if (retries < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(retries), retries, "The number of retries must be in [1, int.MaxValue].");
        }

        return MapDecision((input, d) => input.Attempt > retries ? BackoffDecision.Stop(d.State) : d, $"MaxRetries({retries})", Needs.RetryNumber);
    }

    /// <summary>
    /// Stop once a retry would start later than <paramref name="limit"/> after the first attempt: retry only while
    /// elapsed time plus the next delay stays within it.
    /// </summary>
    /// <param name="limit">The elapsed-time limit, zero or positive.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is negative.</exception>
    public Backoff MaxElapsed(TimeSpan limit)
    {
        Durations.NonNegative(limit, nameof(limit));
        return MapDecision(
            (input, d) =>
            {
                if (!d.ShouldRetry || input.Elapsed > limit || Durations.Add(input.Elapsed, d.Delay) > limit)
                {
                    return BackoffDecision.Stop(d.State);
                }

                return d.WithRemaining(Durations.Min(d.RemainingElapsed, limit - input.Elapsed));
            },
            $"MaxElapsed({Durations.Format(limit)})",
            Needs.Everything);
    }

    /// <summary>Retry only while <paramref name="predicate"/> holds for the error (a throwing predicate stops).</summary>
    /// <param name="predicate">Decides, from the failed attempt's error, whether to go on.</param>
    /// <exception cref="ArgumentNullException"><paramref name="predicate"/> is null.</exception>
    public Backoff RetryWhile(Func<Error, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return MapDecision((input, d) => d.ShouldRetry && Holds(predicate, input.Error) ? d : BackoffDecision.Stop(d.State), "RetryWhile(…)", Needs.RetryNumber);
    }

    private static bool Holds(Func<Error, bool> predicate, Error error)
    {
        try
        {
            return predicate(error);
        }
        catch (Exception)
        {
            // A filter bug must not cause a retry storm; stopping is the safe answer.
            return false;
        }
    }

    private Backoff MapDecision(Func<BackoffInput, BackoffDecision, BackoffDecision> map, string suffix, Needs needs)
    {
        var inner = step;
        return new(input => map(input, inner(input)), $"{description}.{suffix}", Requirements | needs);
    }
}
