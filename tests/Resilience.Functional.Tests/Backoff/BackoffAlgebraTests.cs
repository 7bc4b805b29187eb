using FsCheck.Xunit;

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
}
