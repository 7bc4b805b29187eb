using FsCheck;
using FsCheck.Fluent;

namespace Resilience.Functional.Tests;

/// <summary>How a generated operation behaves.</summary>
public enum OpKind
{
    SyncSuccess,
    AsyncSuccess,
    SyncFailure,
    AsyncFailure,
    SyncThrow,
    AsyncFault,
}

/// <summary>A generated operation: a behaviour and the value (or error code) it produces.</summary>
public sealed record OpSpec(OpKind Kind, int Value)
{
    public Func<CancellationToken, ValueTask<Either<Error, int>>> ToOp() => Build(Kind, Value);

    public static Func<CancellationToken, ValueTask<Either<Error, T>>> Build<T>(OpKind kind, T value) =>
        kind switch
        {
            OpKind.SyncSuccess => Op.Succeed(value),
            OpKind.AsyncSuccess => async ct =>
            {
                await Task.Run(static () => { }).ConfigureAwait(false);
                return Either<Error, T>.Right(value);
            },
            OpKind.SyncFailure => Op.Fail<T>(Error.New(Math.Abs(value?.GetHashCode() ?? 0) % 1000, $"failure {value}")),
            OpKind.AsyncFailure => async ct =>
            {
                await Task.Run(static () => { }).ConfigureAwait(false);
                return Either<Error, T>.Left(Error.New(Math.Abs(value?.GetHashCode() ?? 0) % 1000, $"failure {value}"));
            },
            OpKind.SyncThrow => _ => throw new InvalidOperationException($"thrown {value}"),
            _ => async ct =>
            {
                await Task.Run(static () => { }).ConfigureAwait(false);
                throw new IOException($"faulted {value}");
            },
        };
}

/// <summary>A generated Kleisli arrow <c>int → operation</c>: the operation's value is <c>x * Mul + Add</c>.</summary>
public sealed record ArrowSpec(OpKind Kind, int Mul, int Add)
{
    public Func<int, Func<CancellationToken, ValueTask<Either<Error, int>>>> ToArrow() =>
        x => OpSpec.Build(Kind, unchecked((x * Mul) + Add));
}

/// <summary>A generated pure function <c>x → x * Mul + Add</c>.</summary>
public sealed record FunctionSpec(int Mul, int Add)
{
    public Func<int, int> ToFunc() => x => unchecked((x * Mul) + Add);
}

/// <summary>FsCheck arbitraries for the law tests.</summary>
public static class OpArbitraries
{
    private static readonly Gen<OpKind> Kinds = Gen.Elements(Enum.GetValues<OpKind>());

    public static Arbitrary<OpSpec> OpSpecs() =>
        Arb.From(from kind in Kinds
                 from value in Gen.Choose(-1000, 1000)
                 select new OpSpec(kind, value));

    public static Arbitrary<ArrowSpec> ArrowSpecs() =>
        Arb.From(from kind in Kinds
                 from mul in Gen.Choose(-5, 5)
                 from add in Gen.Choose(-100, 100)
                 select new ArrowSpec(kind, mul, add));

    public static Arbitrary<FunctionSpec> FunctionSpecs() =>
        Arb.From(from mul in Gen.Choose(-5, 5)
                 from add in Gen.Choose(-100, 100)
                 select new FunctionSpec(mul, add));
}

/// <summary>Runs operations to completion and renders outcomes comparably.</summary>
public static class Outcomes
{
    public static Either<Error, T> RunSync<T>(this Func<CancellationToken, ValueTask<Either<Error, T>>> op, CancellationToken ct = default) =>
        op.Run(ct).AsTask().GetAwaiter().GetResult();

    /// <summary>Renders an outcome so that two runs of equal operations compare equal (exceptions by type and message).</summary>
    public static string Describe<T>(Either<Error, T> outcome) =>
        outcome.IsBottom
            ? "BOTTOM"
            : outcome.Match(
                Right: v => $"Right {v}",
                Left: e => e.Exception.Match(
                    ex => $"Left {e.GetType().Name} {ex.GetType().Name} {ex.Message}",
                    () => $"Left {e.GetType().Name} {e.Code} {e.Message}"));
}
