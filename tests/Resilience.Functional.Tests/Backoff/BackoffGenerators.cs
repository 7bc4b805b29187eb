using FsCheck;
using FsCheck.Fluent;

namespace Resilience.Functional.Tests;

/// <summary>Parameters of one schedule built from a constructor: a retry number anywhere in [1, int.MaxValue].</summary>
public sealed record FormulaCase(int Attempt, long BaseTicks, double Factor, long CapTicks, int Seed)
{
    public TimeSpan Base => TimeSpan.FromTicks(BaseTicks);

    public TimeSpan Cap => TimeSpan.FromTicks(CapTicks);
}

/// <summary>A deterministic (unjittered) schedule tree for the algebra laws; the record's text is its description.</summary>
public sealed record ScheduleSpec(string Text, Func<Backoff> Build)
{
    public override string ToString() => Text;
}

public static class BackoffArbitraries
{
    private static readonly Gen<int> Attempts = Gen.OneOf(
        Gen.Choose(1, 40),
        Gen.Choose(0, int.MaxValue - 1).Select(n => n + 1),
        Gen.Elements(int.MaxValue, int.MaxValue - 1, 1 << 30));

    public static Arbitrary<FormulaCase> FormulaCases() =>
        Arb.From(from attempt in Attempts
                 from baseTicks in Gen.OneOf(Gen.Choose(0, 1_000_000).Select(n => (long)n * 1000), Gen.Constant(0L), Gen.Constant(1L))
                 from factor in Gen.OneOf(Gen.Choose(100, 1000).Select(n => n / 100.0), Gen.Elements(1.0, 2.0, 3.0))
                 from capTicks in Gen.Choose(0, 1_000_000).Select(n => (long)n * 10_000)
                 from seed in Gen.Choose(0, int.MaxValue - 1)
                 select new FormulaCase(attempt, baseTicks, factor, capTicks, seed));

    public static Arbitrary<ScheduleSpec> ScheduleSpecs() => Arb.From(Tree(2));

    private static Gen<ScheduleSpec> Leaf =>
        Gen.OneOf(
            Gen.Elements(new ScheduleSpec("Immediate", () => Backoff.Immediate), new ScheduleSpec("Never", () => Backoff.Never)),
            Gen.Choose(0, 50).Select(k => new ScheduleSpec($"Constant({k * 10}ms)", () => Backoff.Constant(TimeSpan.FromMilliseconds(k * 10)))),
            Gen.Choose(0, 50).Select(k => new ScheduleSpec($"Linear({k}ms)", () => Backoff.Linear(TimeSpan.FromMilliseconds(k)))),
            Gen.Choose(0, 50).Select(k => new ScheduleSpec($"Exponential({k}ms)", () => Backoff.Exponential(TimeSpan.FromMilliseconds(k)))),
            Gen.Choose(0, 50).Select(k => new ScheduleSpec($"Fibonacci({k}ms)", () => Backoff.Fibonacci(TimeSpan.FromMilliseconds(k)))));

    private static Gen<ScheduleSpec> Tree(int depth)
    {
        if (depth == 0)
        {
            return Leaf;
        }

        var sub = Tree(depth - 1);
        return Gen.OneOf(
            Leaf,
            from s in sub from n in Gen.Choose(1, 6) select new ScheduleSpec($"{s}.MaxRetries({n})", () => s.Build().MaxRetries(n)),
            from s in sub from k in Gen.Choose(0, 50) select new ScheduleSpec($"{s}.CapDelay({k * 10}ms)", () => s.Build().CapDelay(TimeSpan.FromMilliseconds(k * 10))),
            from s in sub from k in Gen.Choose(0, 40) select new ScheduleSpec($"{s}.MaxElapsed({k * 50}ms)", () => s.Build().MaxElapsed(TimeSpan.FromMilliseconds(k * 50))),
            from a in sub from b in sub select new ScheduleSpec($"({a} | {b})", () => a.Build() | b.Build()),
            from a in sub from b in sub select new ScheduleSpec($"({a} & {b})", () => a.Build() & b.Build()),
            from a in sub from b in sub select new ScheduleSpec($"({a} + {b})", () => a.Build() + b.Build()));
    }
}
