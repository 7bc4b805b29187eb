using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Tests;

public class ChaosTests
{
    private static readonly Error Injected = Error.New(4242, "chaos");

    private static ChaosController Seeded(int seed, TimeProvider? clock = null) =>
        new(new ChaosOptions { Random = new Random(seed), TimeProvider = clock ?? TimeProvider.System });

    private static int CountInjected(Func<CancellationToken, ValueTask<Either<Error, int>>> op, int calls)
    {
        var injected = 0;
        for (var i = 0; i < calls; i++)
        {
            var result = op(default);
            Assert.True(result.IsCompletedSuccessfully);
            if (result.Result.IsLeft)
            {
                injected++;
            }
        }

        return injected;
    }

    [Fact]
    public void A_fault_replaces_about_the_given_share_of_calls_without_running_them()
    {
        var runs = 0;
        var op = Op.FromFunc(_ => ++runs).WithChaos(Seeded(42), new ChaosFault(0.3, Injected));

        var injected = CountInjected(op, 10_000);

        // 0.3 · 10,000 = 3,000 with σ ≈ 46: four σ either side.
        Assert.InRange(injected, 3_000 - 184, 3_000 + 184);
        Assert.Equal(10_000 - injected, runs);
    }

    public static class Rates
    {
        public static Arbitrary<(int Seed, double Rate)> SeedAndRate() =>
            Arb.From(from seed in Gen.Choose(0, int.MaxValue - 1)
                     from permille in Gen.Choose(1, 1000)
                     select (seed, permille / 1000.0));
    }

    [Property(MaxTest = 50, Arbitrary = [typeof(Rates)])]
    public bool The_injection_rate_is_respected_for_any_seed((int Seed, double Rate) input)
    {
        const int Calls = 4_000;
        var op = Op.Succeed(1).WithChaos(Seeded(input.Seed), new ChaosFault(input.Rate, Injected));
        var expected = input.Rate * Calls;
        var sigma = Math.Sqrt(Calls * input.Rate * (1 - input.Rate));
        return Math.Abs(CountInjected(op, Calls) - expected) <= (5 * sigma) + 1;
    }

    [Fact]
    public void The_same_seed_injects_on_the_same_calls()
    {
        string Pattern(int seed)
        {
            var op = Op.Succeed(1).WithChaos(Seeded(seed), new ChaosFault(0.5, Injected));
            return string.Concat(Enumerable.Range(0, 200).Select(_ => op(default).Result.IsLeft ? 'x' : '.'));
        }

        Assert.Equal(Pattern(7), Pattern(7));
        Assert.NotEqual(Pattern(7), Pattern(8));
    }

    [Theory]
    [InlineData(0.0, true)]
    [InlineData(0.24999999999999997, true)]
    [InlineData(0.25, false)]
    [InlineData(0.9999999999999999, false)]
    public void A_call_is_injected_only_when_the_draw_falls_below_the_rate(double draw, bool injected)
    {
        var chaos = new ChaosController(new ChaosOptions { Random = new FixedDraw(draw) });
        var op = Op.Succeed(1).WithChaos(chaos, new ChaosFault(0.25, Injected));

        Assert.Equal(injected, op(default).Result.IsLeft);
    }

    [Fact]
    public void A_rate_of_one_always_injects_and_a_disabled_controller_never_does()
    {
        var chaos = Seeded(1);
        var op = Op.Succeed(1).WithChaos(chaos, new ChaosOutcome<int>(1.0, Either<Error, int>.Right(99)));
        Assert.All(Enumerable.Range(0, 100), _ => Assert.Equal(99, (int)op(default).Result));

        chaos.Enabled = false;
        Assert.All(Enumerable.Range(0, 100), _ => Assert.Equal(1, (int)op(default).Result));
        chaos.Enabled = true;
        Assert.Equal(99, (int)op(default).Result);
        Assert.False(new ChaosController(new ChaosOptions { Enabled = false }).Enabled);
    }

    [Fact]
    public async Task Latency_waits_on_the_injected_clock_then_runs_the_operation()
    {
        var clock = new FakeTimeProvider();
        var runs = 0;
        var op = Op.FromFunc(_ => ++runs).WithChaos(Seeded(3, clock), new ChaosLatency(1.0, TimeSpan.FromSeconds(5)));

        var call = op(default);
        clock.Advance(TimeSpan.FromSeconds(4));
        Assert.False(call.IsCompleted);
        Assert.Equal(0, runs);
        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(1, (int)await call.AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Cancelling_during_injected_latency_gives_cancelled_without_running()
    {
        var clock = new FakeTimeProvider();
        var runs = 0;
        var op = Op.FromFunc(_ => ++runs).WithChaos(Seeded(3, clock), new ChaosLatency(1.0, TimeSpan.FromSeconds(5)));
        using var cts = new CancellationTokenSource();

        var call = op(cts.Token);
        cts.Cancel();

        Assert.IsType<CancelledError>((Error)await call.AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, runs);
        Assert.IsType<CancelledError>((Error)await Op.Succeed(1).WithChaos(Seeded(1), new ChaosFault(1.0, Injected)).Run(cts.Token));
    }

    [Fact]
    public void Without_injection_the_operation_runs_under_the_usual_rules()
    {
        var chaos = Seeded(1);
        chaos.Enabled = false;
        var throwing = Op.Of<int>(_ => throw new IOException("boom")).WithChaos(chaos, new ChaosFault(0.5, Injected));
        Assert.Equal("boom", ((Error)throwing(default).Result).Message);
    }

    [Fact]
    public void Bad_injections_fail_at_construction()
    {
        foreach (var rate in new[] { 0.0, -0.1, 1.0001, double.NaN, double.PositiveInfinity })
        {
            var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new ChaosFault(rate, Injected));
            Assert.Equal("Rate", ex.ParamName);
            Assert.Contains("(0, 1]", ex.Message);
        }

        Assert.Equal("Rate", Assert.Throws<ArgumentOutOfRangeException>(() => new ChaosLatency(0, TimeSpan.FromSeconds(1))).ParamName);
        Assert.Equal("Latency", Assert.Throws<ArgumentOutOfRangeException>(() => new ChaosLatency(0.5, TimeSpan.Zero)).ParamName);
        Assert.Equal("Rate", Assert.Throws<ArgumentOutOfRangeException>(() => new ChaosOutcome<int>(2, Either<Error, int>.Right(1))).ParamName);
        Assert.Equal("Outcome", Assert.Throws<ArgumentException>(() => new ChaosOutcome<int>(0.5, default)).ParamName);
        Assert.Throws<ArgumentNullException>("Error", () => new ChaosFault(0.5, null!));
        Assert.Throws<ArgumentNullException>("TimeProvider", () => new ChaosOptions { TimeProvider = null! });
        Assert.Throws<ArgumentNullException>("options", () => new ChaosController(null!));
    }

    [Fact]
    public void A_disabled_or_missed_injection_does_not_allocate()
    {
        var op = Op.Succeed(1).WithChaos(new ChaosController(new ChaosOptions()), new ChaosFault(0.001, Injected));

        Assert.Equal(0, Allocations.LeastPerRound(() => Assert.True(op(default).IsCompletedSuccessfully)));
    }

    /// <summary>A random source whose every draw is <paramref name="draw"/>, to put a draw exactly where a test needs it.</summary>
    private sealed class FixedDraw(double draw) : Random
    {
        public override double NextDouble() => draw;

        protected override double Sample() => draw;
    }
}
