// The code of src/Resilience.Functional.AspNetCore/README.md (the package's README) lives here so that it compiles
// and runs; PackageReadmeTests in Resilience.Functional.Tests checks that the two are the same.
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
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

        app.Urls.Add("http://127.0.0.1:0");
        await app.StartAsync();
        try
        {
            var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
            using var client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(20) };
            var post = () => new HttpRequestMessage(HttpMethod.Post, "/payments") { Headers = { { "Idempotency-Key", "pay-1" } } };

            Assert.Equal(HttpStatusCode.Created, (await client.SendAsync(post())).StatusCode);
            Assert.True((await client.SendAsync(post())).Headers.Contains("Idempotent-Replayed"));
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
