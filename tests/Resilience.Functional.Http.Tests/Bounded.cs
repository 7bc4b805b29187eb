using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Http.Tests;

/// <summary>Bounds for network tests: every wait has a limit, and virtual time is driven, not slept.</summary>
public static class Bounded
{
    /// <summary>The longest any single network test may take.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    public const int TestTimeoutMs = 20_000;

    /// <summary>A client over <paramref name="handler"/> (a <see cref="ResilienceHandler"/> over a real socket handler).</summary>
    public static HttpClient Client(HttpPipeline pipeline, TimeSpan? timeout = null) =>
        new(new ResilienceHandler(pipeline, new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5) })) { Timeout = timeout ?? Limit };

    /// <summary>Waits for <paramref name="task"/>, advancing <paramref name="clock"/> by <paramref name="step"/> whenever it is still running.</summary>
    public static Task<T> Drive<T>(FakeTimeProvider clock, Task<T> task, TimeSpan step) => Drive(clock, task, step, static () => true);

    /// <summary><see cref="Drive{T}(FakeTimeProvider, Task{T}, TimeSpan)"/>, advancing only once <paramref name="ready"/> holds.</summary>
    public static async Task<T> Drive<T>(FakeTimeProvider clock, Task<T> task, TimeSpan step, Func<bool> ready)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (!task.IsCompleted && DateTime.UtcNow < deadline)
        {
            // Real time passes only for the socket round trips; the pipeline's own waits run on the fake clock.
            await Task.WhenAny(task, Task.Delay(10));
            if (!task.IsCompleted && ready())
            {
                clock.Advance(step);
            }
        }

        return await task.WaitAsync(TimeSpan.FromSeconds(1));
    }

    /// <summary>Polls <paramref name="condition"/> until it holds or the bound passes.</summary>
    public static async Task Until(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.True(condition(), "the condition did not hold within the bound");
    }
}
