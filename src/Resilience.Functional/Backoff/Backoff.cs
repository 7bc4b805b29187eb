using LanguageExt;
using LanguageExt.Common;
using Resilience.Functional.Scheduling;

namespace Resilience.Functional;

/// <summary>
/// A backoff schedule: an immutable value wrapping a pure step from <see cref="BackoffInput"/> (retry number, error,
/// elapsed time, previous delay, random source, state) to a <see cref="BackoffDecision"/> (stop, or wait a delay).
/// Build one from the constructors (<see cref="Exponential(TimeSpan, double)"/>, …), refine it with modifiers
/// (<see cref="CapDelay"/>, <see cref="FullJitter"/>, <see cref="MaxRetries"/>, …) and combine schedules with
/// <see cref="Union"/> (<c>|</c>), <see cref="Intersect"/> (<c>&amp;</c>) and <see cref="AndThen"/> (<c>+</c>).
/// </summary>
/// <remarks>
/// Delays are computed in doubles and saturate at <see cref="TimeSpan.MaxValue"/>: no retry number up to
/// <see cref="int.MaxValue"/> overflows or gives a negative delay. Randomness comes only from the input's
/// <see cref="Random"/>, so a seeded source gives a reproducible sequence (see <see cref="Take(int, int)"/>).
/// </remarks>
public sealed partial class Backoff
{
    private static readonly Error ListingError = Error.New("listing a backoff schedule (no real error)");

    private readonly Func<BackoffInput, BackoffDecision> step;
    private readonly string description;

    private Backoff(Func<BackoffInput, BackoffDecision> step, string description, Needs needs)
    {
        this.step = step;
        this.description = description;
        DependsOnHistory = (needs & Needs.History) != 0;
        ReadsElapsed = (needs & Needs.Elapsed) != 0;
    }

    [Flags]
    private enum Needs
    {
        RetryNumber = 0,
        History = 1,
        Elapsed = 2,
        Everything = History | Elapsed,
    }

    /// <summary>Whether a decision depends on earlier decisions or elapsed time, not only on the retry number.</summary>
    internal bool DependsOnHistory { get; }

    /// <summary>Whether a decision reads <see cref="BackoffInput.Elapsed"/> (so a retry must read the clock).</summary>
    internal bool ReadsElapsed { get; }

    private Needs Requirements => (DependsOnHistory ? Needs.History : 0) | (ReadsElapsed ? Needs.Elapsed : 0);

    /// <summary>A schedule from your own step function; it must be pure apart from drawing from the input's random source.</summary>
    /// <param name="step">The step.</param>
    /// <param name="description">The text <see cref="ToString"/> returns.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Backoff FromFunction(Func<BackoffInput, BackoffDecision> step, string description)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(description);
        return new(step, description, Needs.Everything);
    }

    /// <summary>The decision for <paramref name="input"/>.</summary>
    /// <param name="input">The retry being considered.</param>
    /// <exception cref="ArgumentException">The attempt is below 1, or the error or random source is null.</exception>
    public BackoffDecision Next(BackoffInput input)
    {
        if (input.Attempt < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(input), input.Attempt, "Attempt must be in [1, int.MaxValue].");
        }

        if (input.Error is null || input.Random is null)
        {
            throw new ArgumentException("Error and Random must not be null.", nameof(input));
        }

        return step(input);
    }

    internal BackoffDecision Step(in BackoffInput input) => step(input);

    /// <summary>
    /// The delay before retry number <paramref name="attempt"/> when every earlier retry waited what this schedule
    /// said, or <c>None</c> if it has stopped by then. Constant time for schedules of the retry number alone; linear in
    /// <paramref name="attempt"/> for those that depend on history (decorrelated jitter, elapsed limits, sequences).
    /// </summary>
    /// <param name="attempt">The retry number, in [1, int.MaxValue].</param>
    /// <param name="random">The random source.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="attempt"/> is below 1.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="random"/> is null.</exception>
    public Option<TimeSpan> Delay(int attempt, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        ArgumentNullException.ThrowIfNull(random);
        if (!DependsOnHistory)
        {
            var decision = step(new BackoffInput(attempt, ListingError, TimeSpan.Zero, TimeSpan.Zero, random, null));
            return decision.ShouldRetry ? Option<TimeSpan>.Some(decision.Delay) : Option<TimeSpan>.None;
        }

        return Walk(attempt, random, null);
    }

    /// <summary>The first <paramref name="count"/> delays (fewer if the schedule stops), drawing from <paramref name="random"/>.</summary>
    /// <param name="count">How many delays to list, zero or more.</param>
    /// <param name="random">The random source.</param>
    /// <remarks>Elapsed time is taken to be the sum of the delays so far; filters see a placeholder error.</remarks>
    public Seq<TimeSpan> Take(int count, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentNullException.ThrowIfNull(random);
        var delays = new List<TimeSpan>();
        Walk(count, random, delays);
        return delays.ToSeq();
    }

    /// <summary>The first <paramref name="count"/> delays (fewer if the schedule stops) for a seeded <see cref="Random"/>.</summary>
    /// <param name="count">How many delays to list, zero or more.</param>
    /// <param name="seed">The seed.</param>
    public Seq<TimeSpan> Take(int count, int seed) => Take(count, new Random(seed));

    /// <summary>The schedule as text, e.g. <c>Exponential(100ms, x2).CapDelay(10s).FullJitter().MaxRetries(5)</c>.</summary>
    public override string ToString() => description;

    /// <summary>The schedule as text (the same as <see cref="ToString"/>).</summary>
    public string Describe() => description;

    private Option<TimeSpan> Walk(int count, Random random, List<TimeSpan>? into)
    {
        var (elapsed, previous, state) = (TimeSpan.Zero, TimeSpan.Zero, (object?)null);
        var last = Option<TimeSpan>.None;
        for (var attempt = 1; attempt <= count; attempt++)
        {
            var decision = step(new BackoffInput(attempt, ListingError, elapsed, previous, random, state));
            if (!decision.ShouldRetry)
            {
                return Option<TimeSpan>.None;
            }

            into?.Add(decision.Delay);
            (elapsed, previous, state, last) = (Durations.Add(elapsed, decision.Delay), decision.Delay, decision.State, decision.Delay);
            if (attempt == int.MaxValue)
            {
                break;
            }
        }

        return last;
    }
}
