using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Resilience.Functional.DependencyInjection;

namespace Resilience.Functional.AspNetCore.Tests;

/// <summary>The same middleware guards MVC controllers marked <see cref="IdempotentAttribute"/>.</summary>
public class ControllerTests
{
    [Fact(Timeout = 30_000)]
    public async Task A_controller_action_marked_idempotent_runs_once_per_key()
    {
        PaymentsController.Runs = 0;
        await using var server = await TestServer.StartAsync(
            builder =>
            {
                builder.Services.AddControllers().AddApplicationPart(typeof(PaymentsController).Assembly);
                builder.Services.AddIdempotencyGuard(IdempotencyOptions.Default);
            },
            app =>
            {
                app.UseIdempotentRequests();
                app.MapControllers();
            });

        HttpRequestMessage Post(string? key)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/payments") { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
            if (key is not null)
            {
                request.Headers.Add("Idempotency-Key", key);
            }

            return request;
        }

        var first = await server.Client.SendAsync(Post("p-1"));
        var replay = await server.Client.SendAsync(Post("p-1"));
        var missing = await server.Client.SendAsync(Post(null));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(await first.Content.ReadAsStringAsync(), await replay.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(1, PaymentsController.Runs);
    }
}

/// <summary>A controller for <see cref="ControllerTests"/>.</summary>
[ApiController]
[Route("payments")]
public sealed class PaymentsController : ControllerBase
{
    internal static int Runs;

    /// <summary>Takes a payment.</summary>
    [HttpPost]
    [Idempotent]
    public IActionResult Pay() => Ok(new { payment = Interlocked.Increment(ref Runs) });
}
