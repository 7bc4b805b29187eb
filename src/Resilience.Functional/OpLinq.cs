using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>
/// LINQ and the functional vocabulary (<c>Map</c>, <c>Bind</c>, <c>MapError</c>, <c>Recover</c>, <c>Tap</c>) on
/// operations. Every combinator short-circuits on the first error, turns exceptions thrown by the functions it is
/// given into <see cref="Exceptional"/> errors, and completes synchronously without allocating when the operations
/// it composes do.
/// </summary>
/// <remarks>
/// Write queries over operations (<c>from user in getUser</c>), never over an invoked one
/// (<c>from user in getUser(ct)</c>): the latter binds LanguageExt's own <c>ValueTask</c> LINQ, runs eagerly, and
/// escapes every policy applied to the query.
/// </remarks>
public static class OpLinq
{
    /// <summary>Maps the success value; errors pass through unchanged.</summary>
    /// <typeparam name="A">The source value type.</typeparam>
    /// <typeparam name="B">The result value type.</typeparam>
    /// <param name="operation">The operation.</param>
    /// <param name="map">The function applied to the success value.</param>
    public static Func<CancellationToken, ValueTask<Either<Error, B>>> Map<A, B>(
        this Func<CancellationToken, ValueTask<Either<Error, A>>> operation,
        Func<A, B> map)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(map);
        return ct =>
        {
            var pending = Kernel<CallSite.Map>.Start(operation, ct);
            return Kernel.TryTake(pending, out var result) ? new(MapResult(result, map, ct)) : MapAsync(pending, map, ct);
        };
    }

    /// <summary>LINQ's name for <see cref="Map{A,B}"/>: <c>select</c>.</summary>
    /// <typeparam name="A">The source value type.</typeparam>
    /// <typeparam name="B">The result value type.</typeparam>
    /// <param name="operation">The operation.</param>
    /// <param name="selector">The function applied to the success value.</param>
    public static Func<CancellationToken, ValueTask<Either<Error, B>>> Select<A, B>(
        this Func<CancellationToken, ValueTask<Either<Error, A>>> operation,
        Func<A, B> selector) => operation.Map(selector);

    /// <summary>Runs <paramref name="bind"/>'s operation with the success value; the first error wins.</summary>
    /// <typeparam name="A">The source value type.</typeparam>
    /// <typeparam name="B">The result value type.</typeparam>
    /// <param name="operation">The operation.</param>
    /// <param name="bind">The next operation, chosen from the success value.</param>
    public static Func<CancellationToken, ValueTask<Either<Error, B>>> Bind<A, B>(
        this Func<CancellationToken, ValueTask<Either<Error, A>>> operation,
        Func<A, Func<CancellationToken, ValueTask<Either<Error, B>>>> bind)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(bind);
        return ct => Kernel<CallSite.Bind>.BindProject(operation, bind, static (_, b) => b, ct);
    }

    /// <summary>LINQ's name for <see cref="Bind{A,B}"/>: a second <c>from</c> clause.</summary>
    /// <typeparam name="A">The source value type.</typeparam>
    /// <typeparam name="B">The result value type.</typeparam>
    /// <param name="operation">The operation.</param>
    /// <param name="selector">The next operation, chosen from the success value.</param>
    public static Func<CancellationToken, ValueTask<Either<Error, B>>> SelectMany<A, B>(
        this Func<CancellationToken, ValueTask<Either<Error, A>>> operation,
        Func<A, Func<CancellationToken, ValueTask<Either<Error, B>>>> selector) => operation.Bind(selector);

    /// <summary>A second <c>from</c> clause followed by <c>select</c>: binds, then projects both values.</summary>
    /// <typeparam name="A">The first value type.</typeparam>
    /// <typeparam name="B">The second value type.</typeparam>
    /// <typeparam name="C">The projected type.</typeparam>
    /// <param name="operation">The first operation.</param>
    /// <param name="bind">The second operation, chosen from the first value.</param>
    /// <param name="project">Combines both values.</param>
    public static Func<CancellationToken, ValueTask<Either<Error, C>>> SelectMany<A, B, C>(
        this Func<CancellationToken, ValueTask<Either<Error, A>>> operation,
        Func<A, Func<CancellationToken, ValueTask<Either<Error, B>>>> bind,
        Func<A, B, C> project)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(bind);
        ArgumentNullException.ThrowIfNull(project);
        return ct => Kernel<CallSite.Query>.BindProject(operation, bind, project, ct);
    }

    /// <summary>
    /// Keeps a success value only when <paramref name="predicate"/> holds; otherwise the result is a
    /// <see cref="ValueRejectedError"/> (never LanguageExt's bottom state).
    /// </summary>
    /// <typeparam name="A">The value type.</typeparam>
    /// <param name="operation">The operation.</param>
    /// <param name="predicate">The condition the value must meet.</param>
    public static Func<CancellationToken, ValueTask<Either<Error, A>>> Where<A>(
        this Func<CancellationToken, ValueTask<Either<Error, A>>> operation,
        Func<A, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return operation.Map(a => predicate(a) ? Either<Error, A>.Right(a) : Either<Error, A>.Left(ValueRejectedError.Instance)).Flatten();
    }

    /// <summary>Maps the error; success values pass through unchanged.</summary>
    /// <typeparam name="A">The value type.</typeparam>
    /// <param name="operation">The operation.</param>
    /// <param name="map">The function applied to the error.</param>
    public static Func<CancellationToken, ValueTask<Either<Error, A>>> MapError<A>(
        this Func<CancellationToken, ValueTask<Either<Error, A>>> operation,
        Func<Error, Error> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        return operation.Recover(e => Op.Fail<A>(map(e) ?? throw new InvalidOperationException("MapError's function returned null.")));
    }

    /// <summary>
    /// On an error, runs the operation <paramref name="recover"/> chooses from it; success values pass through.
    /// The caller's cancellation is not recovered: it is returned as it is.
    /// </summary>
    /// <typeparam name="A">The value type.</typeparam>
    /// <param name="operation">The operation.</param>
    /// <param name="recover">Chooses the operation to run in place of the failed one.</param>
    public static Func<CancellationToken, ValueTask<Either<Error, A>>> Recover<A>(
        this Func<CancellationToken, ValueTask<Either<Error, A>>> operation,
        Func<Error, Func<CancellationToken, ValueTask<Either<Error, A>>>> recover)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(recover);
        return ct => Recovery.Invoke(operation, recover, ct);
    }

    /// <summary>Runs <paramref name="action"/> on the success value and passes the value on; a throw becomes an error.</summary>
    /// <typeparam name="A">The value type.</typeparam>
    /// <param name="operation">The operation.</param>
    /// <param name="action">The side effect.</param>
    public static Func<CancellationToken, ValueTask<Either<Error, A>>> Tap<A>(
        this Func<CancellationToken, ValueTask<Either<Error, A>>> operation,
        Action<A> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return operation.Map(a =>
        {
            action(a);
            return a;
        });
    }

    /// <summary>Runs <paramref name="action"/> on the error and passes the error on; a throw becomes the error instead.</summary>
    /// <typeparam name="A">The value type.</typeparam>
    /// <param name="operation">The operation.</param>
    /// <param name="action">The side effect.</param>
    public static Func<CancellationToken, ValueTask<Either<Error, A>>> TapError<A>(
        this Func<CancellationToken, ValueTask<Either<Error, A>>> operation,
        Action<Error> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return operation.MapError(e =>
        {
            action(e);
            return e;
        });
    }

    /// <summary>Flattens an operation whose value is itself an outcome.</summary>
    /// <typeparam name="A">The value type.</typeparam>
    /// <param name="operation">The operation.</param>
    public static Func<CancellationToken, ValueTask<Either<Error, A>>> Flatten<A>(
        this Func<CancellationToken, ValueTask<Either<Error, Either<Error, A>>>> operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return ct =>
        {
            var pending = Kernel<CallSite.Flatten>.Start(operation, ct);
            return Kernel.TryTake(pending, out var result) ? new(Join(result)) : FlattenAsync(pending, ct);
        };
    }

    private static Either<Error, B> MapResult<A, B>(Either<Error, A> result, Func<A, B> map, CancellationToken ct)
    {
        if (result.IsLeft)
        {
            return Either<Error, B>.Left((Error)result);
        }

        try
        {
            return Either<Error, B>.Right(map((A)result));
        }
        catch (Exception ex)
        {
            return Either<Error, B>.Left(Kernel.FromException(ex, ct));
        }
    }

    private static async ValueTask<Either<Error, B>> MapAsync<A, B>(ValueTask<Either<Error, A>> pending, Func<A, B> map, CancellationToken ct) =>
        MapResult(await Kernel.Settle(pending, ct).ConfigureAwait(false), map, ct);

    private static Either<Error, A> Join<A>(Either<Error, Either<Error, A>> nested) =>
        nested.IsLeft ? Either<Error, A>.Left((Error)nested) : Kernel.Guard((Either<Error, A>)nested);

    private static async ValueTask<Either<Error, A>> FlattenAsync<A>(ValueTask<Either<Error, Either<Error, A>>> pending, CancellationToken ct) =>
        Join(await Kernel.Settle(pending, ct).ConfigureAwait(false));
}
