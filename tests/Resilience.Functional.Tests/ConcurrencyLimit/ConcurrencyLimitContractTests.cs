using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Tests;

/// <summary>What a caller of <see cref="ConcurrencyLimitExtensions.WithConcurrencyLimit{T}"/> sees besides the limit itself.</summary>
public class ConcurrencyLimitContractTests
{
    private static AdaptiveConcurrencyLimiter Create(int limit, int queue = 0) =>
        new(new AdaptiveConcurrencyOptions
        {
            InitialLimit = limit,
            MinLimit = 1,
            MaxLimit = 200,
            MaxQueueLength = queue,
            Algorithm = new AimdOptions(),
            TimeProvider = new FakeTimeProvider(),
        });

    [Fact]
    public void Null_arguments_are_rejected_with_their_names()
    {
        var none = (Func<CancellationToken, ValueTask<Either<Error, int>>>)null!;
        Assert.Throws<ArgumentNullException>("operation", () => none.WithConcurrencyLimit(Create(1)));
        Assert.Throws<ArgumentNullException>("limiter", () => Op.Succeed(1).WithConcurrencyLimit(null!));
    }

    [Fact]
    public void A_refused_caller_is_told_the_limit_and_the_queue_bound()
    {
        Assert.Equal("The concurrency limit is reached (3 running, 2 queued).", new ConcurrencyLimitExceededError(3, 2).Message);
    }

    [Fact]
    public async Task A_call_that_completes_later_does_not_resume_on_the_callers_synchronization_context()
    {
        var limiter = Create(1);
        var gate = new TaskCompletionSource<Either<Error, int>>();
        var limited = Op.Of(_ => new ValueTask<Either<Error, int>>(gate.Task)).WithConcurrencyLimit(limiter);
        var context = new CountingSynchronizationContext();

        var call = context.Install(() => limited(CancellationToken.None));
        gate.SetResult(Right<Error, int>(1));

        Assert.Equal(Right<Error, int>(1), await call);
        Assert.Equal(0, context.Posts);
        Assert.Equal(0, limiter.InFlight);
    }
}
