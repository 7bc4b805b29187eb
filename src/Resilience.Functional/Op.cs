using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>
/// Constructors for operations: the delegate <c>Func&lt;CancellationToken, ValueTask&lt;Either&lt;Error, T&gt;&gt;&gt;</c>
/// that every combinator of this library takes and returns.
/// </summary>
/// <remarks>
/// A lambda has no type of its own in C#, so <c>var op = ct =&gt; ...</c> does not compile and a lambda cannot
/// be the source of a <c>from</c> clause; these constructors give the compiler the type.
/// <para>
/// Query the operation, not its result: <c>from x in op</c> composes lazily under every policy, whereas
/// <c>from x in op(ct)</c> binds LanguageExt's own <c>ValueTask</c> LINQ and runs at once, outside them all.
/// </para>
/// </remarks>
public static class Op
{
    /// <summary>An operation that always succeeds with <paramref name="value"/>, synchronously.</summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="value">The value every run returns.</param>
    public static Func<CancellationToken, ValueTask<Either<Error, T>>> Succeed<T>(T value)
    {
        var result = Outcome.Success(value);
        return _ => result;
    }

    /// <summary>An operation that always fails with <paramref name="error"/>, synchronously.</summary>
    /// <typeparam name="T">The type the operation would have returned.</typeparam>
    /// <param name="error">The error every run returns.</param>
    /// <exception cref="ArgumentNullException"><paramref name="error"/> is null.</exception>
    public static Func<CancellationToken, ValueTask<Either<Error, T>>> Fail<T>(Error error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var result = Outcome.Failure<T>(error);
        return _ => result;
    }

    /// <summary>Returns <paramref name="operation"/> unchanged; it only gives a lambda its operation type.</summary>
    /// <typeparam name="T">The type of the success value.</typeparam>
    /// <param name="operation">The operation.</param>
    /// <exception cref="ArgumentNullException"><paramref name="operation"/> is null.</exception>
    public static Func<CancellationToken, ValueTask<Either<Error, T>>> Of<T>(Func<CancellationToken, ValueTask<Either<Error, T>>> operation) =>
        operation ?? throw new ArgumentNullException(nameof(operation));

    /// <summary>
    /// Lifts a task-returning function: its result becomes a success, a thrown exception or faulted task an
    /// <see cref="Exceptional"/> error, and the caller's cancellation a <see cref="CancelledError"/>.
    /// </summary>
    /// <typeparam name="T">The type of the result.</typeparam>
    /// <param name="function">The function to lift; it receives the caller's token.</param>
    /// <exception cref="ArgumentNullException"><paramref name="function"/> is null.</exception>
    public static Func<CancellationToken, ValueTask<Either<Error, T>>> FromTask<T>(Func<CancellationToken, Task<T>> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return ct =>
        {
            Task<T> task;
            try
            {
                task = function(ct);
            }
            catch (Exception ex)
            {
                return Outcome.Failure<T>(Kernel.FromException(ex, ct));
            }

            return task is null ? Outcome.Failure<T>(Kernel.NullTask)
                : task.IsCompletedSuccessfully ? Outcome.Success(task.Result)
                : AwaitTask(task, ct);
        };
    }

    /// <summary>
    /// Lifts a <see cref="ValueTask{TResult}"/>-returning function: its result becomes a success, a thrown exception
    /// or fault an <see cref="Exceptional"/> error, and the caller's cancellation a <see cref="CancelledError"/>.
    /// </summary>
    /// <typeparam name="T">The type of the result.</typeparam>
    /// <param name="function">The function to lift; it receives the caller's token.</param>
    /// <exception cref="ArgumentNullException"><paramref name="function"/> is null.</exception>
    public static Func<CancellationToken, ValueTask<Either<Error, T>>> FromValueTask<T>(Func<CancellationToken, ValueTask<T>> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return ct =>
        {
            ValueTask<T> pending;
            try
            {
                pending = function(ct);
            }
            catch (Exception ex)
            {
                return Outcome.Failure<T>(Kernel.FromException(ex, ct));
            }

            return pending.IsCompletedSuccessfully ? Outcome.Success(pending.Result) : AwaitValueTask(pending, ct);
        };
    }

    /// <summary>
    /// Lifts a synchronous function: its result becomes a success, a thrown exception an <see cref="Exceptional"/>
    /// error, and an <see cref="OperationCanceledException"/> for the caller's token a <see cref="CancelledError"/>.
    /// </summary>
    /// <typeparam name="T">The type of the result.</typeparam>
    /// <param name="function">The function to lift; it receives the caller's token.</param>
    /// <exception cref="ArgumentNullException"><paramref name="function"/> is null.</exception>
    public static Func<CancellationToken, ValueTask<Either<Error, T>>> FromFunc<T>(Func<CancellationToken, T> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return ct =>
        {
            try
            {
                return Outcome.Success(function(ct));
            }
            catch (Exception ex)
            {
                return Outcome.Failure<T>(Kernel.FromException(ex, ct));
            }
        };
    }

    /// <summary>
    /// Runs <paramref name="operation"/> with every rule of this library applied: a token already cancelled gives a
    /// <see cref="CancelledError"/> without running it, a thrown exception or faulted task becomes an error, and a
    /// default (bottom) <see cref="Either{L,R}"/> becomes <see cref="Errors.Bottom"/>. The returned task never faults.
    /// </summary>
    /// <typeparam name="T">The type of the success value.</typeparam>
    /// <param name="operation">The operation to run.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    /// <returns>The outcome; synchronous when the operation completes synchronously.</returns>
    public static ValueTask<Either<Error, T>> Run<T>(
        this Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        CancellationToken cancellationToken) =>
        Kernel<CallSite.Run>.Run(operation, cancellationToken);

    private static async ValueTask<Either<Error, T>> AwaitTask<T>(Task<T> task, CancellationToken ct)
    {
        try
        {
            return Either<Error, T>.Right(await task.ConfigureAwait(false));
        }
        catch (Exception ex)
        {
            return Either<Error, T>.Left(Kernel.FromException(ex, ct));
        }
    }

    private static async ValueTask<Either<Error, T>> AwaitValueTask<T>(ValueTask<T> pending, CancellationToken ct)
    {
        try
        {
            return Either<Error, T>.Right(await pending.ConfigureAwait(false));
        }
        catch (Exception ex)
        {
            return Either<Error, T>.Left(Kernel.FromException(ex, ct));
        }
    }
}
