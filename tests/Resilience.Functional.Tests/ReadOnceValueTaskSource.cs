using System.Threading.Tasks.Sources;

namespace Resilience.Functional.Tests;

/// <summary>
/// A completed <see cref="IValueTaskSource{TResult}"/> that, like a pooled one, may be read only once: after the first
/// <see cref="GetResult"/> every read throws, as a recycled source would (or worse, hand out another call's result).
/// </summary>
internal sealed class ReadOnceValueTaskSource<T>(T result) : IValueTaskSource<T>
{
    private int reads;

    /// <summary>How often the result was read.</summary>
    public int Reads => Volatile.Read(ref reads);

    /// <summary>A value task over this source.</summary>
    public ValueTask<T> Task => new(this, 0);

    public T GetResult(short token) =>
        Interlocked.Increment(ref reads) == 1 ? result : throw new InvalidOperationException("The ValueTask was consumed more than once.");

    public ValueTaskSourceStatus GetStatus(short token) =>
        Reads == 0 ? ValueTaskSourceStatus.Succeeded : throw new InvalidOperationException("The ValueTask was inspected after it was consumed.");

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        continuation(state);
}
