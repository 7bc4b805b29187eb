// The code shown in README.md lives here so that it compiles and runs; keep the two in step.
namespace Resilience.Functional.Tests;

public class ReadmeExamples
{
    // README: Quick start
    public sealed record User(int Id, string Name);

    public sealed record Order(int Id, decimal Total);

    private static Func<CancellationToken, ValueTask<Either<Error, User>>> GetUser(int id) =>
        Op.FromFunc(_ => new User(id, "Ada"));

    private static Func<CancellationToken, ValueTask<Either<Error, Order[]>>> GetOrders(User user) =>
        user.Id > 0
            ? Op.Succeed(new[] { new Order(1, 20m), new Order(2, 22m) })
            : Op.Fail<Order[]>(new HttpStatusError(404));

    [Fact]
    public async Task Quick_start()
    {
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

        Assert.Equal("spent 42", text);
    }
}
