using Resilience.Functional.Stores;

namespace Resilience.Functional.Tests;

/// <summary><c>WithRateLimiter</c> over an <see cref="IPartitionedRateLimiter"/>, e.g. one shared on Redis.</summary>
public class PartitionedRateLimiterTests
{
    private sealed class Scripted(Func<string, ValueTask<Either<Error, Unit>>> acquire) : IPartitionedRateLimiter
    {
        public List<string> Partitions { get; } = [];

        public string Name => "shared";

        public ValueTask<Either<Error, Unit>> AcquireAsync(string partitionKey, CancellationToken cancellationToken)
        {
            Partitions.Add(partitionKey);
            return acquire(partitionKey);
        }
    }

    [Fact]
    public async Task A_permit_runs_the_operation_for_its_partition_synchronously_when_the_limiter_answers_at_once()
    {
        var limiter = new Scripted(_ => new(Right<Error, Unit>(unit)));
        var op = Op.Succeed(3).WithRateLimiter(limiter, "tenant-1");

        var pending = op(CancellationToken.None);

        Assert.True(pending.IsCompletedSuccessfully);
        Assert.Equal(Right<Error, int>(3), await pending);
        Assert.Equal(["tenant-1"], limiter.Partitions);
    }

    [Fact]
    public async Task A_refusal_is_returned_without_running_the_operation_also_when_it_comes_later()
    {
        var refusal = new RateLimitedError(TimeSpan.FromSeconds(2));
        var runs = 0;
        var now = new Scripted(_ => new(Left<Error, Unit>(refusal)));
        var later = new Scripted(async _ =>
        {
            await Task.Yield();
            return Left<Error, Unit>(refusal);
        });

        foreach (var limiter in new[] { now, later })
        {
            Assert.Equal(refusal, (Error)await Op.FromFunc(_ => ++runs).WithRateLimiter(limiter, "p").Run(CancellationToken.None));
        }

        Assert.Equal(0, runs);
    }

    [Fact]
    public async Task A_throwing_or_faulting_limiter_gives_an_error_and_the_operation_does_not_run()
    {
        var runs = 0;
        var throwing = new Scripted(_ => throw new TimeoutException("limiter down"));
        var faulting = new Scripted(_ => new(Task.FromException<Either<Error, Unit>>(new TimeoutException("limiter down"))));

        foreach (var limiter in new[] { throwing, faulting })
        {
            var outcome = await Op.FromFunc(_ => ++runs).WithRateLimiter(limiter, "p").Run(CancellationToken.None);
            Assert.IsType<TimeoutException>(((Error)outcome).ToException());
        }

        Assert.Equal(0, runs);
    }

    [Fact]
    public async Task A_cancelled_caller_is_not_sent_to_the_limiter()
    {
        var limiter = new Scripted(_ => new(Right<Error, Unit>(unit)));
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        Assert.IsType<CancelledError>((Error)await Op.Succeed(1).WithRateLimiter(limiter, "p").Run(cts.Token));
        Assert.Empty(limiter.Partitions);
    }

    [Fact]
    public void Null_arguments_are_refused_when_the_pipeline_is_built()
    {
        var limiter = new Scripted(_ => new(Right<Error, Unit>(unit)));

        Assert.Throws<ArgumentNullException>("limiter", () => Op.Succeed(1).WithRateLimiter((IPartitionedRateLimiter)null!, "p"));
        Assert.Throws<ArgumentNullException>("partitionKey", () => Op.Succeed(1).WithRateLimiter(limiter, null!));
    }
}
