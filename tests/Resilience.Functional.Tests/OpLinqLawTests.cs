using FsCheck.Xunit;
using static Resilience.Functional.Tests.Outcomes;

namespace Resilience.Functional.Tests;

/// <summary>The functor and monad laws for LINQ over operations, over operations of every behaviour.</summary>
[Properties(MaxTest = 1000, Arbitrary = new[] { typeof(OpArbitraries) })]
public class OpLinqLawTests
{
    [Property]
    public bool Functor_identity(OpSpec spec)
    {
        var op = spec.ToOp();
        return Describe(op.Select(x => x).RunSync()) == Describe(op.RunSync());
    }

    [Property]
    public bool Functor_composition(OpSpec spec, FunctionSpec f, FunctionSpec g)
    {
        var op = spec.ToOp();
        var (ff, gg) = (f.ToFunc(), g.ToFunc());
        return Describe(op.Select(x => gg(ff(x))).RunSync()) == Describe(op.Select(ff).Select(gg).RunSync());
    }

    [Property]
    public bool Monad_left_identity(int value, ArrowSpec f)
    {
        var arrow = f.ToArrow();
        return Describe(Op.Succeed(value).SelectMany(arrow).RunSync()) == Describe(arrow(value).RunSync());
    }

    [Property]
    public bool Monad_right_identity(OpSpec spec)
    {
        var op = spec.ToOp();
        return Describe(op.SelectMany(Op.Succeed).RunSync()) == Describe(op.RunSync());
    }

    [Property]
    public bool Monad_associativity(OpSpec spec, ArrowSpec f, ArrowSpec g)
    {
        var (op, ff, gg) = (spec.ToOp(), f.ToArrow(), g.ToArrow());
        var left = op.SelectMany(ff).SelectMany(gg);
        var right = op.SelectMany(x => ff(x).SelectMany(gg));
        return Describe(left.RunSync()) == Describe(right.RunSync());
    }

    [Property]
    public bool Query_syntax_is_bind_then_project(OpSpec a, ArrowSpec f)
    {
        var (op, ff) = (a.ToOp(), f.ToArrow());
        var query = from x in op
                    from y in ff(x)
                    select x - y;
        return Describe(query.RunSync()) == Describe(op.SelectMany(x => ff(x).Select(y => x - y)).RunSync());
    }

    [Property]
    public bool No_combinator_returns_bottom(OpSpec a, ArrowSpec f, FunctionSpec g)
    {
        var (op, ff, gg) = (a.ToOp(), f.ToArrow(), g.ToFunc());
        var composed = new[]
        {
            op.Map(gg),
            op.Bind(ff),
            op.SelectMany(ff, (x, y) => x + y),
            op.Where(x => x % 2 == 0),
            op.MapError(e => Error.New(e.Code + 1, e.Message)),
            op.Recover(_ => ff(0)),
            op.Tap(_ => { }),
            op.TapError(_ => { }),
        };
        return composed.All(c => !c.RunSync().IsBottom);
    }
}
