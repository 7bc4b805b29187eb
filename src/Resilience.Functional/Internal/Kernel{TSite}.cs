using System.Runtime.CompilerServices;
using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>
/// The kernel's calls of user operations (see <see cref="Kernel"/> for the rules they keep), one copy per call site.
/// </summary>
/// <remarks>
/// The JIT does not inline a method with an exception handler, so every operation a combinator runs is called from
/// here, and a call site shared by every combinator of a process sees every operation: its profile is megamorphic and
/// no call through it is devirtualized or inlined. <typeparamref name="TSite"/> is a struct from <see cref="CallSite"/>, one per combinator: the
/// runtime compiles each instantiation over a struct on its own, so each combinator has its own call site and its own
/// profile, while the code stays written once. See docs/architecture.md#the-kernel.
/// </remarks>
/// <typeparam name="TSite">The combinator's marker from <see cref="CallSite"/>.</typeparam>
internal static class Kernel<TSite>
    where TSite : struct
{
    /// <summary>
    /// Invokes a user operation without consuming what it returns: a cancelled token gives a cancelled outcome without
    /// running it, a null operation and a synchronous throw give a completed failure (a default
    /// <see cref="ValueTask{TResult}"/>, the nearest thing to a null task, is a completed bottom that the later steps turn
    /// into <see cref="Errors.Bottom"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ValueTask<Either<Error, T>> Start<T>(Func<CancellationToken, ValueTask<Either<Error, T>>>? operation, CancellationToken ct) =>
        ct.IsCancellationRequested || operation is null ? Invoke(operation, ct) : Call(operation, ct);

    /// <summary>
    /// <see cref="Start{T}"/>, then the completed result or <see cref="Kernel.Settle{T}"/>: the operation run with every rule;
    /// the returned task never faults, is never bottom and may be consumed once by the caller.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ValueTask<Either<Error, T>> Run<T>(Func<CancellationToken, ValueTask<Either<Error, T>>>? operation, CancellationToken ct)
    {
        var pending = Start(operation, ct);
        return Kernel.TryTake(pending, out var result) ? new(result) : Kernel.Settle(pending, ct);
    }

    /// <summary>
    /// <see cref="Run{T}"/> for a caller that has itself just checked that <paramref name="ct"/> is not cancelled and
    /// whose operation is never null (checked when its combinator was applied): the same rules, one check fewer.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ValueTask<Either<Error, T>> RunChecked<T>(Func<CancellationToken, ValueTask<Either<Error, T>>> operation, CancellationToken ct)
    {
        var pending = Call(operation, ct);
        return Kernel.TryTake(pending, out var result) ? new(result) : Kernel.Settle(pending, ct);
    }

    /// <summary>
    /// Runs the operation a user function chooses from <paramref name="input"/> (a bind, a recovery, a fallback): a
    /// throw while choosing becomes the error, and the chosen operation runs by every rule of <see cref="Run{T}"/>.
    /// </summary>
    public static ValueTask<Either<Error, T>> Continue<TInput, T>(
        Func<TInput, Func<CancellationToken, ValueTask<Either<Error, T>>>> choose,
        TInput input,
        CancellationToken ct)
    {
        Func<CancellationToken, ValueTask<Either<Error, T>>> next;
        try
        {
            next = choose(input);
        }
        catch (Exception ex)
        {
            return Outcome.Failure<T>(Kernel.FromException(ex, ct));
        }

        return Run(next, ct);
    }

    /// <summary>
    /// <see cref="Start{T}"/> without its token check, for a combinator that has checked the token itself before taking
    /// a permit: the operation's own task (not consumed), or its synchronous throw as a completed failure.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ValueTask<Either<Error, T>> Call<T>(Func<CancellationToken, ValueTask<Either<Error, T>>> operation, CancellationToken ct)
    {
        try
        {
            return operation(ct);
        }
        catch (Exception ex)
        {
            return Outcome.Failure<T>(Kernel.FromException(ex, ct));
        }
    }

    /// <summary>
    /// A query's bind and select: runs <paramref name="operation"/>, then on success the operation
    /// <paramref name="bind"/> chooses from its value, then <paramref name="project"/> over both values, every step by
    /// the rules of <see cref="Run{T}"/>, the first error winning. Every frame here is paid by every query, so the
    /// synchronous path has one exception handler for all three user calls.
    /// </summary>
    public static ValueTask<Either<Error, C>> BindProject<A, B, C>(
        Func<CancellationToken, ValueTask<Either<Error, A>>> operation,
        Func<A, Func<CancellationToken, ValueTask<Either<Error, B>>>> bind,
        Func<A, B, C> project,
        CancellationToken ct)
    {
        try
        {
            var first = Invoke(operation, ct);
            if (!Kernel.TryTake(first, out var ea))
            {
                return BindProjectLater(first, bind, project, ct);
            }

            if (!ea.IsRight)
            {
                return Outcome.Failure<C>((Error)ea);
            }

            var a = (A)ea;
            var second = Invoke(bind(a), ct);
            if (!Kernel.TryTake(second, out var eb))
            {
                return ProjectLater(a, second, project, ct);
            }

            return eb.IsRight ? Outcome.Success(project(a, (B)eb)) : Outcome.Failure<C>((Error)eb);
        }
        catch (Exception ex)
        {
            return Outcome.Failure<C>(Kernel.FromException(ex, ct));
        }
    }

    // The operation's own task, or the refusal to call it; no handler, so that the caller's covers the call.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ValueTask<Either<Error, T>> Invoke<T>(Func<CancellationToken, ValueTask<Either<Error, T>>>? operation, CancellationToken ct) =>
        ct.IsCancellationRequested ? Outcome.Cancelled<T>()
        : operation is null ? Outcome.Failure<T>(Kernel.NullOperation)
        : operation(ct);

    private static async ValueTask<Either<Error, C>> BindProjectLater<A, B, C>(
        ValueTask<Either<Error, A>> first,
        Func<A, Func<CancellationToken, ValueTask<Either<Error, B>>>> bind,
        Func<A, B, C> project,
        CancellationToken ct)
    {
        var ea = await Kernel.Settle(first, ct).ConfigureAwait(false);
        if (!ea.IsRight)
        {
            return Either<Error, C>.Left((Error)ea);
        }

        var a = (A)ea;
        var eb = await Continue(bind, a, ct).ConfigureAwait(false);
        return Project(a, eb, project, ct);
    }

    private static async ValueTask<Either<Error, C>> ProjectLater<A, B, C>(A a, ValueTask<Either<Error, B>> second, Func<A, B, C> project, CancellationToken ct) =>
        Project(a, await Kernel.Settle(second, ct).ConfigureAwait(false), project, ct);

    private static Either<Error, C> Project<A, B, C>(A a, Either<Error, B> eb, Func<A, B, C> project, CancellationToken ct)
    {
        if (!eb.IsRight)
        {
            return Either<Error, C>.Left((Error)eb);
        }

        try
        {
            return Either<Error, C>.Right(project(a, (B)eb));
        }
        catch (Exception ex)
        {
            return Either<Error, C>.Left(Kernel.FromException(ex, ct));
        }
    }
}
