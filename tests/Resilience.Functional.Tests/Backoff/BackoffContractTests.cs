using LanguageExt.Common;
using Resilience.Functional.Scheduling;

namespace Resilience.Functional.Tests;

/// <summary>What a user sees at a schedule's edges: bad arguments named, descriptions, the elapsed limit's boundary.</summary>
public class BackoffContractTests
{
    private static readonly TimeSpan Ms100 = TimeSpan.FromMilliseconds(100);

    public static TheoryData<string, Action> NullArguments() => new()
    {
        { "step", () => Backoff.FromFunction(null!, "mine") },
        { "description", () => Backoff.FromFunction(static input => BackoffDecision.Stop(input.State), null!) },
        { "next", () => Backoff.Immediate.AndThen(null!) },
        { "other", () => Backoff.Immediate.Union(null!) },
        { "other", () => Backoff.Immediate.Intersect(null!) },
        { "schedule", () => Backoff.FromLanguageExt(null!) },
        { "random", () => Backoff.Immediate.Delay(1, null!) },
        { "random", () => Backoff.Immediate.Take(1, null!) },
    };

    [Theory]
    [MemberData(nameof(NullArguments))]
    public void A_null_argument_is_rejected_with_its_name(string parameter, Action call) =>
        Assert.Equal(parameter, Assert.Throws<ArgumentNullException>(call).ParamName);

    [Fact]
    public void Out_of_range_arguments_are_rejected_with_their_names()
    {
        Assert.Equal("attempt", Assert.Throws<ArgumentOutOfRangeException>(() => Backoff.Immediate.Delay(0, new Random(1))).ParamName);
        Assert.Equal("count", Assert.Throws<ArgumentOutOfRangeException>(() => Backoff.Immediate.Take(-1, new Random(1))).ParamName);
    }

    [Fact]
    public void Next_rejects_an_input_below_the_first_retry_or_without_an_error_or_random_source()
    {
        var random = new Random(1);
        var belowFirst = Assert.Throws<ArgumentOutOfRangeException>(() => Backoff.Immediate.Next(new BackoffInput(0, Error.New("x"), TimeSpan.Zero, TimeSpan.Zero, random, null)));
        Assert.Equal("input", belowFirst.ParamName);
        Assert.Contains("Attempt must be in [1, int.MaxValue].", belowFirst.Message, StringComparison.Ordinal);

        var noError = Assert.Throws<ArgumentException>(() => Backoff.Immediate.Next(new BackoffInput(1, null!, TimeSpan.Zero, TimeSpan.Zero, random, null)));
        var noRandom = Assert.Throws<ArgumentException>(() => Backoff.Immediate.Next(new BackoffInput(1, Error.New("x"), TimeSpan.Zero, TimeSpan.Zero, null!, null)));
        Assert.All(new[] { noError, noRandom }, e =>
        {
            Assert.Equal("input", e.ParamName);
            Assert.Contains("Error and Random must not be null.", e.Message, StringComparison.Ordinal);
        });

        Assert.True(Backoff.Immediate.Next(new BackoffInput(1, Error.New("x"), TimeSpan.Zero, TimeSpan.Zero, random, null)).ShouldRetry);
    }

    public static TheoryData<Backoff, string> Descriptions() => new()
    {
        { Backoff.Fibonacci(Ms100), "Fibonacci(100ms)" },
        { Backoff.DecorrelatedJitter(Ms100, TimeSpan.FromSeconds(2)), "DecorrelatedJitter(100ms, 2s)" },
        { Backoff.FromLanguageExt(LanguageExt.Schedule.recurs(3)), "FromLanguageExt" },
        { Backoff.Constant(Ms100).EqualJitter(), "Constant(100ms).EqualJitter()" },
        { Backoff.Constant(Ms100).MaxElapsed(TimeSpan.FromSeconds(1)), "Constant(100ms).MaxElapsed(1s)" },
        { Backoff.Constant(Ms100).RetryWhile(static _ => true), "Constant(100ms).RetryWhile(…)" },
    };

    // The description is what Describe() of a retry and of a pipeline shows.
    [Theory]
    [MemberData(nameof(Descriptions))]
    public void Every_constructor_and_modifier_describes_itself(Backoff backoff, string expected)
    {
        Assert.Equal(expected, backoff.Describe());
        Assert.Equal(expected, backoff.ToString());
    }

    [Fact]
    public void A_retry_that_would_end_exactly_at_the_elapsed_limit_is_still_made()
    {
        var delays = Backoff.Constant(TimeSpan.FromMilliseconds(500)).MaxElapsed(TimeSpan.FromSeconds(1)).Take(5, new Random(1));

        Assert.Equal([TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(500)], delays.ToArray());
    }

    [Fact]
    public void A_retry_at_exactly_the_elapsed_limit_with_no_delay_is_still_made()
    {
        var input = new BackoffInput(1, Error.New("x"), TimeSpan.FromSeconds(1), TimeSpan.Zero, new Random(1), null);

        Assert.True(Backoff.Immediate.MaxElapsed(TimeSpan.FromSeconds(1)).Next(input).ShouldRetry);
        Assert.False(Backoff.Immediate.MaxElapsed(TimeSpan.FromSeconds(1)).Next(input with { Elapsed = TimeSpan.FromSeconds(1) + TimeSpan.FromTicks(1) }).ShouldRetry);
    }

    [Fact]
    public void A_union_keeps_the_longer_elapsed_allowance_and_an_intersection_the_shorter()
    {
        var shortLimit = Backoff.Constant(Ms100).MaxElapsed(TimeSpan.FromSeconds(1));
        var longLimit = Backoff.Constant(TimeSpan.FromMilliseconds(200)).MaxElapsed(TimeSpan.FromSeconds(3));
        var input = new BackoffInput(1, Error.New("x"), TimeSpan.Zero, TimeSpan.Zero, new Random(1), null);

        var union = (shortLimit | longLimit).Next(input);
        var intersection = (shortLimit & longLimit).Next(input);

        Assert.Equal((Ms100, TimeSpan.FromSeconds(3)), (union.Delay, union.RemainingElapsed));
        Assert.Equal((TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1)), (intersection.Delay, intersection.RemainingElapsed));
    }

    [Fact]
    public void A_zero_base_stays_zero_at_any_retry_number()
    {
        Assert.Equal(TimeSpan.Zero, (TimeSpan)Backoff.Exponential(TimeSpan.Zero, 2).Delay(5000, new Random(1)));
        Assert.Equal(TimeSpan.Zero, (TimeSpan)Backoff.Exponential(TimeSpan.Zero, 2).Delay(int.MaxValue, new Random(1)));
    }

    [Fact]
    public void Fibonacci_is_exact_up_to_the_largest_term_a_long_holds_and_saturates_after()
    {
        var backoff = Backoff.Fibonacci(TimeSpan.FromTicks(1));

        Assert.Equal(TimeSpan.FromTicks(7540113804746346429), (TimeSpan)backoff.Delay(92, new Random(1)));
        Assert.Equal(TimeSpan.MaxValue, (TimeSpan)backoff.Delay(93, new Random(1)));
    }
}
