// The code of src/Resilience.Functional.AspNetCore/README.md (the package's README) lives here so that it compiles
// and runs; PackageReadmeTests in Resilience.Functional.Tests checks that the two are the same.
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Resilience.Functional;
using Resilience.Functional.AspNetCore;
using Resilience.Functional.DependencyInjection;

namespace Resilience.Functional.AspNetCore.Tests;

public class PackageReadmeExample
{
    [Fact(Timeout = 30_000)]
    public async Task The_package_readme_example_serves_an_idempotent_endpoint_and_health()
    {
        // package README begins
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddResiliencePolicy("payments", policy => policy
            .AddCircuitBreaker(new CircuitBreakerOptions { ConsecutiveFailures = 5 }));
        builder.Services.AddIdempotencyGuard(IdempotencyOptions.Default); // the IIdempotencyStore in DI, else in memory

        var app = builder.Build();
        app.UseIdempotentRequests();
        app.MapPost("/payments", () => Results.Created("/payments/1", new { id = 1 })).RequireIdempotencyKey();
        app.MapResilienceHealth("/health");
        // package README ends

        await using var server = await TestServer.StartAsync(app);
        var post = () => new HttpRequestMessage(HttpMethod.Post, "/payments") { Headers = { { "Idempotency-Key", "pay-1" } } };

        Assert.Equal(HttpStatusCode.Created, (await server.Client.SendAsync(post())).StatusCode);
        Assert.True((await server.Client.SendAsync(post())).Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/health")).StatusCode);
    }
}
