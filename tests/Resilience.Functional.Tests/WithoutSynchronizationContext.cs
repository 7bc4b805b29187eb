namespace Resilience.Functional.Tests;

/// <summary>
/// Runs code with no <see cref="SynchronizationContext"/>, as on a thread-pool thread. The test runner installs one,
/// and under it a continuation of a completed wait is posted to the thread pool instead of resuming inline, so a test
/// that advances a fake clock would see the waiting calls finish later, on another thread.
/// </summary>
public static class WithoutSynchronizationContext
{
    public static T Run<T>(Func<T> body)
    {
        var saved = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            return body();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(saved);
        }
    }

    public static void Run(Action body) =>
        Run(() =>
        {
            body();
            return 0;
        });
}
