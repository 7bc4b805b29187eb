namespace Resilience.Functional.Tests;

/// <summary>The kernel's run rules as the query combinators keep them when a step completes later.</summary>
public class KernelTests
{
    private static readonly Func<CancellationToken, ValueTask<Either<Error, int>>> TwentyTwo = Op.Succeed(22);

    [Fact]
    public void The_error_of_a_bottom_result_is_bottom_and_of_a_failure_its_own()
    {
        var failure = Error.New("failed");

        Assert.Same(Errors.Bottom, Kernel.ErrorOf(default(Either<Error, int>)));
        Assert.Same(failure, Kernel.ErrorOf(Either<Error, int>.Left(failure)));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_query_whose_step_completes_later_does_not_resume_on_the_callers_synchronization_context(bool firstStep)
    {
        var later = new TaskCompletionSource<Either<Error, int>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var pending = Op.Of<int>(_ => new ValueTask<Either<Error, int>>(later.Task));
        var query = from a in firstStep ? pending : TwentyTwo
                    from b in firstStep ? TwentyTwo : pending
                    select a + b;
        var context = new CountingSynchronizationContext();

        var run = context.Install(() => query.Run(CancellationToken.None).AsTask());
        later.SetResult(20);

        Assert.Equal(42, (int)await run.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, context.Posts);
    }

    [Fact]
    public async Task A_projection_throwing_after_a_step_that_completed_later_becomes_its_error()
    {
        var later = new TaskCompletionSource<Either<Error, int>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var query = Op.Of<int>(_ => new ValueTask<Either<Error, int>>(later.Task))
            .SelectMany<int, int, int>(_ => TwentyTwo, (_, _) => throw new ArgumentException("project"));

        var run = query.Run(CancellationToken.None).AsTask();
        later.SetResult(20);
        var error = (Error)await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(error.IsExceptional);
        Assert.Equal("project", error.Message);
        Assert.IsType<ArgumentException>(error.ToException());
    }
}
