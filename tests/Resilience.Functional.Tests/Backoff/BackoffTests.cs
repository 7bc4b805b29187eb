using Resilience.Functional.Scheduling;

namespace Resilience.Functional.Tests;

public class BackoffTests
{
    private static readonly TimeSpan Ms100 = TimeSpan.FromMilliseconds(100);

    private static double MeanFirstDelayMs(Backoff backoff, int draws)
    {
        var random = new Random(12345);
        double sum = 0;
        for (var i = 0; i < draws; i++)
        {
            sum += ((TimeSpan)backoff.Delay(1, random)).TotalMilliseconds;
        }

        return sum / draws;
    }

    [Theory]
    [InlineData("full", 500.0)]
    [InlineData("equal", 750.0)]
    [InlineData("decorrelated", 2000.0)]
    public void Jitter_sample_mean_is_within_5_percent_of_the_formula_mean(string kind, double expectedMs)
    {
        var second = TimeSpan.FromSeconds(1);
        var backoff = kind switch
        {
            "full" => Backoff.Constant(second).FullJitter(),
            "equal" => Backoff.Constant(second).EqualJitter(),
            _ => Backoff.DecorrelatedJitter(second, TimeSpan.FromHours(1)),
        };

        var mean = MeanFirstDelayMs(backoff, 10_000);

        Assert.InRange(mean, expectedMs * 0.95, expectedMs * 1.05);
    }

    [Fact]
    public void Lists_the_first_delays_and_describes_itself()
    {
        var backoff = Backoff.Exponential(Ms100).CapDelay(TimeSpan.FromMilliseconds(500)).MaxRetries(5);

        Assert.Equal(new[] { 100, 200, 400, 500, 500 }, backoff.Take(10, 1).Map(d => (int)d.TotalMilliseconds));
        Assert.Equal("Exponential(100ms, x2).CapDelay(500ms).MaxRetries(5)", backoff.ToString());
        Assert.Equal(backoff.ToString(), backoff.Describe());
        Assert.Equal("(Constant(1s) | Linear(2s)).AndThen((Never & Immediate))", ((Backoff.Constant(TimeSpan.FromSeconds(1)) | Backoff.Linear(TimeSpan.FromSeconds(2))) + (Backoff.Never & Backoff.Immediate)).ToString());
    }

    [Fact]
    public void Same_seed_gives_the_same_jittered_delays()
    {
        var backoff = Backoff.Exponential(Ms100).FullJitter().MaxRetries(6);

        Assert.Equal(backoff.Take(6, 7), backoff.Take(6, 7));
        Assert.NotEqual(backoff.Take(6, 7), backoff.Take(6, 8));
    }

    [Fact]
    public void Sequence_restarts_retry_numbers_for_the_second_schedule()
    {
        var backoff = Backoff.Constant(Ms100).MaxRetries(2) + Backoff.Linear(TimeSpan.FromSeconds(1)).MaxRetries(2);

        Assert.Equal(new[] { 100, 100, 1000, 2000 }, backoff.Take(10, 1).Map(d => (int)d.TotalMilliseconds));
        Assert.Equal(TimeSpan.FromSeconds(2), backoff.Delay(4, new Random(1)));
        Assert.True(backoff.Delay(5, new Random(1)).IsNone);
    }

    [Fact]
    public void Retry_while_sees_the_error()
    {
        var backoff = Backoff.Immediate.RetryWhile(e => e.Code == 1);
        var random = new Random(1);

        Assert.True(backoff.Next(new BackoffInput(1, Error.New(1, "x"), TimeSpan.Zero, TimeSpan.Zero, random, null)).ShouldRetry);
        Assert.False(backoff.Next(new BackoffInput(1, Error.New(2, "y"), TimeSpan.Zero, TimeSpan.Zero, random, null)).ShouldRetry);
        Assert.False(Backoff.Immediate.RetryWhile(_ => throw new InvalidOperationException()).Next(new BackoffInput(1, Error.New(1, "x"), TimeSpan.Zero, TimeSpan.Zero, random, null)).ShouldRetry);
    }

    [Fact]
    public void Max_elapsed_reports_the_remaining_budget()
    {
        var decision = Backoff.Constant(Ms100).MaxElapsed(TimeSpan.FromSeconds(1))
            .Next(new BackoffInput(3, Error.New("x"), TimeSpan.FromMilliseconds(300), Ms100, new Random(1), null));

        Assert.True(decision.ShouldRetry);
        Assert.Equal(TimeSpan.FromMilliseconds(700), decision.RemainingElapsed);
        Assert.Equal(TimeSpan.MaxValue, Backoff.Immediate.Next(new BackoffInput(1, Error.New("x"), TimeSpan.Zero, TimeSpan.Zero, new Random(1), null)).RemainingElapsed);
    }

    [Fact]
    public void Converts_a_LanguageExt_schedule()
    {
        var schedule = LanguageExt.Schedule.linear(TimeSpan.FromMilliseconds(10)) | LanguageExt.Schedule.recurs(3);

        var backoff = Backoff.FromLanguageExt(schedule);

        Assert.Equal(new[] { 10, 20, 30 }, backoff.Take(10, 1).Map(d => (int)d.TotalMilliseconds));
        Assert.True(backoff.Delay(4, new Random(1)).IsNone);
    }

    [Fact]
    public void Custom_step_functions_plug_in()
    {
        var backoff = Backoff.FromFunction(i => i.Attempt <= 2 ? BackoffDecision.Retry(TimeSpan.FromSeconds(i.Attempt), TimeSpan.MaxValue, null) : default, "Mine");

        Assert.Equal(new[] { 1, 2 }, backoff.Take(5, 1).Map(d => (int)d.TotalSeconds));
        Assert.Equal("Mine", backoff.ToString());
    }

    [Fact]
    public void Huge_retry_numbers_saturate_instead_of_overflowing()
    {
        var random = new Random(1);
        foreach (var backoff in new[] { Backoff.Linear(TimeSpan.MaxValue), Backoff.Exponential(TimeSpan.FromTicks(1), 1.0001), Backoff.Fibonacci(TimeSpan.FromTicks(1)) })
        {
            Assert.Equal(TimeSpan.MaxValue, backoff.Delay(int.MaxValue, random));
            Assert.InRange((TimeSpan)backoff.FullJitter().Delay(int.MaxValue, random), TimeSpan.Zero, TimeSpan.MaxValue);
            Assert.Equal(TimeSpan.FromSeconds(3), backoff.CapDelay(TimeSpan.FromSeconds(3)).Delay(int.MaxValue, random));
        }
    }

    public static TheoryData<string, Action> BadConfigurations => new()
    {
        { "delay", () => Backoff.Constant(TimeSpan.FromTicks(-1)) },
        { "delay", () => Backoff.Constant(Timeout.InfiniteTimeSpan) },
        { "baseDelay", () => Backoff.Linear(TimeSpan.FromSeconds(-1)) },
        { "baseDelay", () => Backoff.Exponential(TimeSpan.FromSeconds(-1), 2) },
        { "factor", () => Backoff.Exponential(Ms100, 0.99) },
        { "factor", () => Backoff.Exponential(Ms100, double.NaN) },
        { "factor", () => Backoff.Exponential(Ms100, double.PositiveInfinity) },
        { "baseDelay", () => Backoff.Fibonacci(TimeSpan.FromSeconds(-1)) },
        { "baseDelay", () => Backoff.DecorrelatedJitter(TimeSpan.FromSeconds(-1), Ms100) },
        { "cap", () => Backoff.DecorrelatedJitter(TimeSpan.FromSeconds(1), Ms100) },
        { "cap", () => Backoff.Immediate.CapDelay(TimeSpan.FromSeconds(-1)) },
        { "retries", () => Backoff.Immediate.MaxRetries(0) },
        { "retries", () => Backoff.Immediate.MaxRetries(-1) },
        { "limit", () => Backoff.Immediate.MaxElapsed(TimeSpan.FromSeconds(-1)) },
        { "predicate", () => Backoff.Immediate.RetryWhile(null!) },
        { "delay", () => BackoffDecision.Retry(TimeSpan.FromSeconds(-1), TimeSpan.MaxValue, null) },
    };

    [Theory]
    [MemberData(nameof(BadConfigurations))]
    public void Bad_configuration_fails_at_construction_naming_the_parameter(string parameter, Action build)
    {
        var ex = Assert.ThrowsAny<ArgumentException>(build);

        Assert.Equal(parameter, ex.ParamName);
    }
}
