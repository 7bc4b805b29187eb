using System.Threading.Tasks.Sources;

namespace Resilience.Functional.Tests;

/// <summary>
/// An operation backed by one reusable <see cref="IValueTaskSource{TResult}"/>, as a pooling async method builder
/// gives: reading a result returns the source to the pool (its version moves on), so a second read of the same
/// <see cref="ValueTask{TResult}"/> is caught and counted as a misuse instead of silently seeing another call's state.
/// </summary>
internal sealed class PooledOperation(Either<Error, int> outcome, bool synchronous) : IValueTaskSource<Either<Error, int>>
{
    private ManualResetValueTaskSourceCore<Either<Error, int>> core;
    private int misuses;

    /// <summary>Reads of a result (or status) through a <see cref="ValueTask{TResult}"/> already consumed.</summary>
    public int Misuses => Volatile.Read(ref misuses);

    public int Calls { get; private set; }

    /// <summary>True while an asynchronous call waits for <see cref="Complete"/>.</summary>
    public bool Pending { get; private set; }

    public ValueTask<Either<Error, int>> Invoke(CancellationToken cancellationToken)
    {
        core.Reset();
        Calls++;
        if (synchronous)
        {
            core.SetResult(outcome);
        }
        else
        {
            Pending = true;
        }

        return new(this, core.Version);
    }

    public void Complete()
    {
        Pending = false;
        core.SetResult(outcome);
    }

    public Either<Error, int> GetResult(short token)
    {
        Check(token);
        var result = core.GetResult(token);
        core.Reset();
        return result;
    }

    public ValueTaskSourceStatus GetStatus(short token)
    {
        Check(token);
        return core.GetStatus(token);
    }

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
    {
        Check(token);
        core.OnCompleted(continuation, state, token, flags);
    }

    private void Check(short token)
    {
        if (token != core.Version)
        {
            Interlocked.Increment(ref misuses);
            throw new InvalidOperationException("A pooled ValueTask was consumed twice.");
        }
    }
}
