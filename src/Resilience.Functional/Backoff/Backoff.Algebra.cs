using Resilience.Functional.Scheduling;

namespace Resilience.Functional;

public sealed partial class Backoff
{
    /// <summary>
    /// Go on while either schedule goes on, waiting the shorter delay of those that do. Associative, commutative,
    /// idempotent, with identity <see cref="Never"/>; absorbs <see cref="Intersect"/>.
    /// </summary>
    /// <param name="other">The other schedule.</param>
    public Backoff Union(Backoff other) => Both(other, union: true);

    /// <summary>
    /// Go on while both schedules go on, waiting the longer delay. Associative, commutative, idempotent, with
    /// identity <see cref="Immediate"/>; absorbs <see cref="Union"/>.
    /// </summary>
    /// <param name="other">The other schedule.</param>
    public Backoff Intersect(Backoff other) => Both(other, union: false);

    /// <summary>
    /// This schedule until it stops, then <paramref name="next"/>, which counts retries and elapsed time from that
    /// point. Associative, with identity <see cref="Never"/>.
    /// </summary>
    /// <param name="next">The schedule that follows.</param>
    public Backoff AndThen(Backoff next)
    {
        ArgumentNullException.ThrowIfNull(next);
        var (first, second) = (step, next.step);
        return new(
            input =>
            {
                var s = input.State as Sequenced ?? Sequenced.Start;
                if (!s.InSecond)
                {
                    var d = first(input with { State = s.Inner });
                    if (d.ShouldRetry)
                    {
                        // While in the first part the second may still follow, so no elapsed limit applies yet.
                        return d.WithRemaining(TimeSpan.MaxValue).WithState(new Sequenced(false, 0, TimeSpan.Zero, d.State));
                    }

                    s = new Sequenced(true, input.Attempt - 1, input.Elapsed, null);
                }

                var e = input.Elapsed - s.ElapsedOffset;
                var n = second(input with { Attempt = input.Attempt - s.AttemptOffset, Elapsed = e < TimeSpan.Zero ? TimeSpan.Zero : e, State = s.Inner });
                return n.WithState(s with { Inner = n.State });
            },
            $"{description}.AndThen({next.description})",
            Needs.History | Requirements | next.Requirements);
    }

    /// <summary>The union of two schedules (<see cref="Union"/>).</summary>
    /// <param name="left">A schedule.</param>
    /// <param name="right">Another schedule.</param>
    public static Backoff operator |(Backoff left, Backoff right) => Require(left, nameof(left)).Union(right);

    /// <summary>The intersection of two schedules (<see cref="Intersect"/>).</summary>
    /// <param name="left">A schedule.</param>
    /// <param name="right">Another schedule.</param>
    public static Backoff operator &(Backoff left, Backoff right) => Require(left, nameof(left)).Intersect(right);

    /// <summary>One schedule then the other (<see cref="AndThen"/>).</summary>
    /// <param name="left">The first schedule.</param>
    /// <param name="right">The schedule that follows.</param>
    public static Backoff operator +(Backoff left, Backoff right) => Require(left, nameof(left)).AndThen(right);

    private static Backoff Require(Backoff value, string name) => value ?? throw new ArgumentNullException(name);

    private Backoff Both(Backoff other, bool union)
    {
        ArgumentNullException.ThrowIfNull(other);
        var (a, b) = (step, other.step);
        return new(
            input =>
            {
                var s = input.State as Paired;
                var da = a(input with { State = s?.A });
                var db = b(input with { State = s?.B });
                var state = new Paired(da.State, db.State);
                return (da.ShouldRetry, db.ShouldRetry, union) switch
                {
                    (true, true, true) => BackoffDecision.Retry(Durations.Min(da.Delay, db.Delay), Durations.Max(da.RemainingElapsed, db.RemainingElapsed), state),
                    (true, true, false) => BackoffDecision.Retry(Durations.Max(da.Delay, db.Delay), Durations.Min(da.RemainingElapsed, db.RemainingElapsed), state),
                    (true, false, true) => da.WithState(state),
                    (false, true, true) => db.WithState(state),
                    _ => BackoffDecision.Stop(state),
                };
            },
            $"({description} {(union ? '|' : '&')} {other.description})",
            Requirements | other.Requirements);
    }

    private sealed record Paired(object? A, object? B);

    private sealed record Sequenced(bool InSecond, int AttemptOffset, TimeSpan ElapsedOffset, object? Inner)
    {
        public static readonly Sequenced Start = new(false, 0, TimeSpan.Zero, null);
    }
}
