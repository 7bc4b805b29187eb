using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Tests;

/// <summary>A <see cref="FakeTimeProvider"/> that signals each timer it creates, so a test can wait for a hedge's timer.</summary>
public sealed class SignallingClock : TimeProvider
{
    private readonly SemaphoreSlim created = new(0);

    public FakeTimeProvider Fake { get; } = new();

    public override DateTimeOffset GetUtcNow() => Fake.GetUtcNow();

    public override long GetTimestamp() => Fake.GetTimestamp();

    public override long TimestampFrequency => Fake.TimestampFrequency;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = Fake.CreateTimer(callback, state, dueTime, period);
        created.Release();
        return timer;
    }

    public async Task TimerCreated() => Assert.True(await created.WaitAsync(TimeSpan.FromSeconds(10)), "no timer was created");

    public void Advance(TimeSpan by) => Fake.Advance(by);
}

/// <summary>
/// Attempts of a hedged operation that the test completes by hand: attempt i returns <see cref="Result(int)"/>'s task
/// and records the token it was given.
/// </summary>
public sealed class ScriptedAttempts
{
    private const int Max = 16;
    private readonly TaskCompletionSource<Either<Error, int>>[] results = Enumerable.Range(0, Max).Select(_ => NewSource<Either<Error, int>>()).ToArray();
    private readonly TaskCompletionSource[] started = Enumerable.Range(0, Max).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
    private readonly CancellationToken[] tokens = new CancellationToken[Max];
    private int count;

    public int Count => Volatile.Read(ref count);

    public Func<CancellationToken, ValueTask<Either<Error, int>>> Op => ct =>
    {
        var i = Interlocked.Increment(ref count) - 1;
        tokens[i] = ct;
        ct.Register(() => results[i].TrySetResult(Either<Error, int>.Left(CancelledError.Instance)));
        started[i].SetResult();
        return new(results[i].Task);
    };

    public TaskCompletionSource<Either<Error, int>> Result(int attempt) => results[attempt];

    public CancellationToken Token(int attempt) => tokens[attempt];

    public async Task Started(int attempt) =>
        await started[attempt].Task.WaitAsync(TimeSpan.FromSeconds(10));

    private static TaskCompletionSource<T> NewSource<T>() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
