using FsCheck.Xunit;
using Resilience.Functional.Scheduling;

namespace Resilience.Functional.Tests;

/// <summary>
/// The schedule algebra's laws over random schedule trees: two schedules are equal when they list the same delays
/// (and stop at the same point).
/// </summary>
[Properties(MaxTest = 10_000, Arbitrary = new[] { typeof(BackoffArbitraries) })]
public class BackoffAlgebraTests
{
    private static bool Same(Backoff left, Backoff right) => left.Take(12, 1) == right.Take(12, 1);

    [Property]
    public bool Union_is_associative(ScheduleSpec a, ScheduleSpec b, ScheduleSpec c) =>
        Same((a.Build() | b.Build()) | c.Build(), a.Build() | (b.Build() | c.Build()));

    [Property]
    public bool Union_is_commutative(ScheduleSpec a, ScheduleSpec b) => Same(a.Build() | b.Build(), b.Build() | a.Build());

    [Property]
    public bool Union_is_idempotent_with_identity_never(ScheduleSpec a) =>
        Same(a.Build() | a.Build(), a.Build()) && Same(a.Build() | Backoff.Never, a.Build()) && Same(Backoff.Never | a.Build(), a.Build());

    [Property]
    public bool Intersection_is_associative(ScheduleSpec a, ScheduleSpec b, ScheduleSpec c) =>
        Same((a.Build() & b.Build()) & c.Build(), a.Build() & (b.Build() & c.Build()));

    [Property]
    public bool Intersection_is_commutative(ScheduleSpec a, ScheduleSpec b) => Same(a.Build() & b.Build(), b.Build() & a.Build());

    [Property]
    public bool Intersection_is_idempotent_with_identity_immediate(ScheduleSpec a) =>
        Same(a.Build() & a.Build(), a.Build()) && Same(a.Build() & Backoff.Immediate, a.Build()) && Same(Backoff.Immediate & a.Build(), a.Build());

    [Property]
    public bool Union_and_intersection_absorb_each_other(ScheduleSpec a, ScheduleSpec b) =>
        Same(a.Build() | (a.Build() & b.Build()), a.Build()) && Same(a.Build() & (a.Build() | b.Build()), a.Build());

    [Property]
    public bool Sequence_is_associative(ScheduleSpec a, ScheduleSpec b, ScheduleSpec c) =>
        Same((a.Build() + b.Build()) + c.Build(), a.Build() + (b.Build() + c.Build()));

    [Property]
    public bool Sequence_has_identity_never(ScheduleSpec a) =>
        Same(Backoff.Never + a.Build(), a.Build()) && Same(a.Build() + Backoff.Never, a.Build());

    [Fact]
    public void A_union_or_an_intersection_with_an_elapsed_limit_stops_at_the_limit_when_asked_for_one_delay()
    {
        var random = new Random(1);
        var limited = Backoff.Constant(TimeSpan.FromSeconds(1)).MaxElapsed(TimeSpan.FromSeconds(2.5));

        foreach (var combined in new[] { Backoff.Constant(TimeSpan.FromSeconds(1)) & limited, Backoff.Never | limited })
        {
            Assert.Equal(Some(TimeSpan.FromSeconds(1)), combined.Delay(2, random));
            Assert.True(combined.Delay(3, random).IsNone, combined.ToString());
        }
    }

    [Fact]
    public void The_second_part_of_a_sequence_counts_elapsed_time_from_the_switch_and_never_below_zero()
    {
        var random = new Random(1);
        var error = Error.New("x");
        var backoff = Backoff.Constant(TimeSpan.FromSeconds(1)).MaxRetries(1) + Backoff.Constant(TimeSpan.FromSeconds(1)).MaxElapsed(TimeSpan.FromSeconds(5));
        var first = backoff.Next(new BackoffInput(1, error, TimeSpan.Zero, TimeSpan.Zero, random, null));
        var switched = backoff.Next(new BackoffInput(2, error, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1), random, first.State));
        Assert.Equal((true, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5)), (switched.ShouldRetry, switched.Delay, switched.RemainingElapsed));

        var later = backoff.Next(new BackoffInput(3, error, TimeSpan.FromSeconds(12), TimeSpan.FromSeconds(1), random, switched.State));
        var steppedBack = backoff.Next(new BackoffInput(3, error, TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(1), random, switched.State));

        Assert.Equal(TimeSpan.FromSeconds(3), later.RemainingElapsed);
        Assert.Equal(TimeSpan.FromSeconds(5), steppedBack.RemainingElapsed); // a clock that stepped back grants no more than the whole limit
    }
}
