using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Tests;

/// <summary>A downstream that counts its calls, and a driver that runs calls to completion on a fake clock.</summary>
internal sealed class Downstream(FakeTimeProvider clock)
{
    public static readonly Error Transient = new TimeoutError(TimeSpan.FromSeconds(1));
    public static readonly Error Permanent = Error.New(400, "bad request");

    private int calls;

    public int Calls => Volatile.Read(ref calls);

    /// <summary>Returns the scripted outcomes in order, then repeats the last one.</summary>
    public Func<CancellationToken, ValueTask<Either<Error, int>>> Scripted(params Either<Error, int>[] outcomes) =>
        _ =>
        {
            var n = Interlocked.Increment(ref calls);
            return new(outcomes[Math.Min(n, outcomes.Length) - 1]);
        };

    /// <summary>Answers 42 after <paramref name="latency"/> on the fake clock; honours its token.</summary>
    public Func<CancellationToken, ValueTask<Either<Error, int>>> Slow(TimeSpan latency) =>
        async ct =>
        {
            Interlocked.Increment(ref calls);
            return await Waits.Delay(clock, latency, ct).ConfigureAwait(false)
                ? Right<Error, int>(42)
                : Left<Error, int>(CancelledError.Instance);
        };

    /// <summary>Never answers unless cancelled.</summary>
    public Func<CancellationToken, ValueTask<Either<Error, int>>> Hangs() => Slow(TimeSpan.FromDays(365));

    /// <summary>
    /// Starts every call at once, then advances the clock in 100 ms steps until all have finished. Runs without
    /// xunit's synchronization context: completions on a thread that has one are not inlined, so resumptions would
    /// hop to the thread pool and race the clock.
    /// </summary>
    public static (List<string> Outcomes, TimeSpan Elapsed) Drive(
        FakeTimeProvider clock,
        Func<CancellationToken, ValueTask<Either<Error, int>>> op,
        int callers = 1)
    {
        var context = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            return DriveInline(clock, op, callers);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(context);
        }
    }

    private static (List<string> Outcomes, TimeSpan Elapsed) DriveInline(
        FakeTimeProvider clock,
        Func<CancellationToken, ValueTask<Either<Error, int>>> op,
        int callers)
    {
        var start = clock.GetUtcNow();
        var pending = Enumerable.Range(0, callers).Select(_ => op(CancellationToken.None).AsTask()).ToList();
        var finishedAt = start;
        for (var step = 0; step < 10_000 && !pending.All(t => t.IsCompleted); step++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(100));
            finishedAt = clock.GetUtcNow();
        }

        Assert.True(pending.All(t => t.IsCompleted), "calls did not finish within 1000 virtual seconds");
        return (pending.Select(t => Outcomes.Describe(t.Result)).ToList(), finishedAt - start);
    }

    /// <summary>Runs <paramref name="calls"/> calls one after the other, each to completion.</summary>
    public static List<string> DriveSequentially(
        FakeTimeProvider clock,
        Func<CancellationToken, ValueTask<Either<Error, int>>> op,
        int calls) =>
        Enumerable.Range(0, calls).SelectMany(_ => Drive(clock, op).Outcomes).ToList();
}
