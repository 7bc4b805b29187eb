using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>The timeout combinator.</summary>
public static class TimeoutExtensions
{
    /// <summary>
    /// Bounds <paramref name="operation"/> in time: its token is cancelled at the deadline and the result is then a
    /// <see cref="TimeoutError"/>; the caller's own cancellation stays a <see cref="CancelledError"/>.
    /// </summary>
    /// <remarks>
    /// A success that arrives after the deadline (an operation that ignored its token) is kept in
    /// <see cref="TimeoutMode.Cooperative"/> mode; <see cref="TimeoutMode.Pessimistic"/> mode returns at the deadline
    /// instead. The position in a pipeline decides what is bounded: see <see cref="TimeoutOptions"/>. Reports its
    /// executions and timeouts under <see cref="TimeoutOptions.Name"/> (docs/telemetry.md#timeout).
    /// </remarks>
    /// <typeparam name="T">The type of the success value.</typeparam>
    /// <param name="operation">The operation to bound.</param>
    /// <param name="options">The timeout settings.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Func<CancellationToken, ValueTask<Either<Error, T>>> WithTimeout<T>(
        this Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        TimeoutOptions options)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(options);
        return Apply(operation, options, options.Name);
    }

    /// <summary>The timeout reporting under <paramref name="name"/> (a policy's name), inside <paramref name="pipeline"/> if any.</summary>
    internal static Func<CancellationToken, ValueTask<Either<Error, T>>> Apply<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        TimeoutOptions options,
        string name,
        string? pipeline = null) =>
        new TimeoutRunner(options, new(name, pipeline, options.TimeProvider)).Measured(operation);

    /// <summary>Bounds <paramref name="operation"/> cooperatively by <paramref name="timeout"/> on the system clock.</summary>
    /// <typeparam name="T">The type of the success value.</typeparam>
    /// <param name="operation">The operation to bound.</param>
    /// <param name="timeout">How long the operation may run; see <see cref="TimeoutOptions.Timeout"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="operation"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is out of range.</exception>
    public static Func<CancellationToken, ValueTask<Either<Error, T>>> WithTimeout<T>(
        this Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        TimeSpan timeout) =>
        operation.WithTimeout(new TimeoutOptions { Timeout = timeout });
}
