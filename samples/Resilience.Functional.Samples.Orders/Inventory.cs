namespace Resilience.Functional.Samples.Orders;

/// <summary>
/// The flaky downstream: for each article, the first <c>failures</c> reservations answer 503 with <c>Retry-After: 0</c>
/// (overloaded, try again), the next ones 200.
/// </summary>
/// <param name="failures">How many reservations of each article fail before one succeeds.</param>
public sealed class Inventory(int failures)
{
    private readonly Dictionary<string, int> calls = [];

    /// <summary>How many reservations of <paramref name="sku"/> the inventory has answered.</summary>
    public int Calls(string sku)
    {
        lock (calls)
        {
            return calls.GetValueOrDefault(sku);
        }
    }

    /// <summary>Answers one reservation of <paramref name="sku"/>.</summary>
    public IResult Reserve(string sku)
    {
        int call;
        lock (calls)
        {
            call = calls[sku] = calls.GetValueOrDefault(sku) + 1;
        }

        return call <= failures ? new Overloaded() : Results.Ok(new { sku, reserved = true });
    }

    private sealed class Overloaded : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            httpContext.Response.Headers.RetryAfter = "0";
            return Task.CompletedTask;
        }
    }
}
