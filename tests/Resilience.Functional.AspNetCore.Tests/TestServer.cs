using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Resilience.Functional.AspNetCore.Tests;

/// <summary>A real Kestrel server on 127.0.0.1, on a port the OS picks, with a client bounded in time.</summary>
internal sealed class TestServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private TestServer(WebApplication app, Uri address)
    {
        this.app = app;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(20) };
    }

    public HttpClient Client { get; }

    public IServiceProvider Services => app.Services;

    public static async Task<TestServer> StartAsync(Action<WebApplicationBuilder> configure, Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        configure(builder);
        var app = builder.Build();
        map(app);
        return await StartAsync(app);
    }

    /// <summary>Starts an application built elsewhere (a page's or a README's code) on 127.0.0.1.</summary>
    public static async Task<TestServer> StartAsync(WebApplication app)
    {
        app.Urls.Add("http://127.0.0.1:0");
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new TestServer(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await app.StopAsync(stop.Token);
        await app.DisposeAsync();
    }
}
