// The code of docs/architecture.md, compiled and run; the page shows the regions between the snippet markers.
namespace Resilience.Functional.Tests.Docs;

public class ArchitectureDocs
{
    public sealed record User(int Id, string Name);

    public sealed record Order(int Id, decimal Total);

    [Fact]
    public async Task An_operation_composed_with_linq_and_its_errors_matched()
    {
        // snippet: architecture-operation
        Func<CancellationToken, ValueTask<Either<Error, User>>> GetUser(int id) =>
            Op.FromFunc(_ => new User(id, "Ada"));

        Func<CancellationToken, ValueTask<Either<Error, Order[]>>> GetOrders(User user) =>
            user.Id > 0
                ? Op.Succeed(new[] { new Order(1, 20m), new Order(2, 22m) })
                : Op.Fail<Order[]>(new HttpStatusError(404));

        var totalSpent =
            from user in GetUser(7)
            from orders in GetOrders(user)
            select orders.Sum(o => o.Total);

        var outcome = await totalSpent.Run(CancellationToken.None);

        var text = outcome.Match(
            Right: total => $"spent {total}",
            Left: error => error switch
            {
                HttpStatusError { StatusCode: 404 } => "no such user",
                TimeoutError t => $"timed out after {t.Timeout}",
                _ when ErrorClassifier.Default.IsTransient(error) => "try again later",
                _ => $"failed: {error.Message}",
            });
        // end snippet

        Assert.Equal("spent 42", text);
        var missing = await (from user in GetUser(0) from orders in GetOrders(user) select orders.Length).Run(CancellationToken.None);
        Assert.Equal(new HttpStatusError(404).Code, ((Error)missing).Code);
    }

    [Fact]
    public async Task A_throwing_delegate_becomes_an_error_and_the_callers_cancellation_a_cancelled_error()
    {
        // snippet: architecture-rules
        var throws = Op.FromFunc<int>(_ => throw new InvalidOperationException("bug"));
        var failed = await throws.Run(CancellationToken.None);         // Left: an Exceptional error, nothing thrown

        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        var cancelled = await Op.Succeed(1).Run(cts.Token);           // Left: CancelledError, the operation never ran
        // end snippet

        Assert.True(((Error)failed).IsExceptional);
        Assert.IsType<InvalidOperationException>(((Error)failed).ToException());
        Assert.Same(CancelledError.Instance, (Error)cancelled);
    }
}
