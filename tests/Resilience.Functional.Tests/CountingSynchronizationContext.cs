namespace Resilience.Functional.Tests;

/// <summary>
/// A synchronization context that counts what is posted to it (and runs it on the thread pool): a library that resumed
/// on its caller's context would deadlock a caller blocking on that context. <see cref="Install"/> makes it current
/// for a block of code.
/// </summary>
internal sealed class CountingSynchronizationContext : SynchronizationContext
{
    private int posts;

    public int Posts => Volatile.Read(ref posts);

    public override void Post(SendOrPostCallback d, object? state)
    {
        Interlocked.Increment(ref posts);
        ThreadPool.QueueUserWorkItem(_ => d(state));
    }

    public override void Send(SendOrPostCallback d, object? state)
    {
        Interlocked.Increment(ref posts);
        d(state);
    }

    /// <summary>Runs <paramref name="body"/> with this context current, then restores the one before.</summary>
    public T Install<T>(Func<T> body)
    {
        var saved = Current;
        SetSynchronizationContext(this);
        try
        {
            return body();
        }
        finally
        {
            SetSynchronizationContext(saved);
        }
    }

    public void Install(Action body) =>
        Install(() =>
        {
            body();
            return 0;
        });
}
