// The code of src/Resilience.Functional.Http/README.md (the package's README) lives here so that it compiles and
// runs; PackageReadmeTests in Resilience.Functional.Tests checks that the two are the same.
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Resilience.Functional;

namespace Resilience.Functional.Http.Tests;

public class PackageReadmeExample(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact(Timeout = Bounded.TestTimeoutMs)]
    public async Task The_package_readme_example_retries_a_503()
    {
        fixture.Server.Script("/flaky", TestServer.Status(503), TestServer.Ok());
        var baseAddress = fixture.Server.BaseAddress;

        // package README begins
        var services = new ServiceCollection();
        services.AddHttpClient("orders", c => c.BaseAddress = baseAddress).AddStandardResilience();

        using var provider = services.BuildServiceProvider();
        var orders = provider.GetRequiredService<IHttpClientFactory>().CreateClient("orders");
        using var response = await orders.GetAsync("flaky"); // 503 then 200: the caller sees the 200
        // package README ends

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, fixture.Server.Attempts("/flaky"));
    }
}
