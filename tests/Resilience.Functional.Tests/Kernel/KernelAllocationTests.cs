namespace Resilience.Functional.Tests;

/// <summary>The kernel keeps the success path of every combinator synchronous and allocation-free.</summary>
public sealed class KernelAllocationTests
{
    public static TheoryData<string> Combinators() => [.. PooledOperationTests.CombinatorNames];

    [Theory]
    [MemberData(nameof(Combinators))]
    public void A_completed_success_stays_synchronous_and_allocates_nothing(string combinator)
    {
        var op = PooledOperationTests.Build(combinator)(Op.Succeed(42));

        Assert.Equal(0, Allocations.LeastPerRound(() => Assert.True(op(CancellationToken.None).IsCompletedSuccessfully)));
    }

    [Theory]
    [MemberData(nameof(Combinators))]
    public void A_pooled_synchronous_success_allocates_nothing(string combinator)
    {
        var pooled = new PooledOperation(Right<Error, int>(42), synchronous: true);
        var op = PooledOperationTests.Build(combinator)(pooled.Invoke);

        Assert.Equal(0, Allocations.LeastPerRound(() => Assert.True(op(CancellationToken.None).IsCompletedSuccessfully)));
        Assert.Equal(0, pooled.Misuses);
    }
}
