using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Resilience.Functional.Http.Tests;

/// <summary>What the server received: one line per request.</summary>
public sealed record Received(string Path, string Method, string Body, string? IdempotencyKey);

/// <summary>
/// A real Kestrel server on 127.0.0.1, on a port the OS picks, whose endpoints misbehave on command: each test
/// scripts a path with the reply of each attempt (attempt 1, 2, …; the last reply repeats), and reads back what the
/// server received. No external network.
/// </summary>
public sealed class TestServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, Func<HttpContext, int, Task>[]> scripts = new();
    private readonly ConcurrentDictionary<string, int> counts = new();
    private readonly ConcurrentQueue<Received> received = new();

    private TestServer(WebApplication app) => this.app = app;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>How many requests were aborted by the client while the server was still answering.</summary>
    public int Aborted => aborted;

    private int aborted;

    public static async Task<TestServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new TestServer(app);
        app.Run(server.Handle);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/");
        return server;
    }

    /// <summary>Scripts <paramref name="path"/>: the n-th request gets the n-th reply, the last one repeating.</summary>
    public Uri Script(string path, params Func<HttpContext, int, Task>[] replies)
    {
        scripts[path] = replies;
        return new Uri(BaseAddress, path.TrimStart('/'));
    }

    public IReadOnlyList<Received> ReceivedAt(string path) => [.. received.Where(r => r.Path == path)];

    public int Attempts(string path) => counts.TryGetValue(path, out var n) ? n : 0;

    public static Func<HttpContext, int, Task> Status(int status, params (string Name, string Value)[] headers) =>
        (context, _) =>
        {
            context.Response.StatusCode = status;
            foreach (var (name, value) in headers)
            {
                context.Response.Headers[name] = value;
            }

            return context.Response.WriteAsync($"reply {status}");
        };

    public static Func<HttpContext, int, Task> Ok(string body = "ok") => (context, _) => context.Response.WriteAsync(body);

    /// <summary>Never answers: waits until the client gives up.</summary>
    public static Func<HttpContext, int, Task> Hang() => (context, _) => Task.Delay(Timeout.Infinite, context.RequestAborted);

    /// <summary>Answers after <paramref name="delay"/>, unless the client gives up first.</summary>
    public static Func<HttpContext, int, Task> Slow(TimeSpan delay, string body = "slow") =>
        async (context, _) =>
        {
            await Task.Delay(delay, context.RequestAborted);
            await context.Response.WriteAsync(body);
        };

    /// <summary>Resets the connection without an answer.</summary>
    public static Func<HttpContext, int, Task> Reset() =>
        (context, _) =>
        {
            context.Abort();
            return Task.CompletedTask;
        };

    private async Task Handle(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        received.Enqueue(new Received(path, context.Request.Method, body, context.Request.Headers["Idempotency-Key"].FirstOrDefault()));
        var n = counts.AddOrUpdate(path, 1, static (_, c) => c + 1);
        if (!scripts.TryGetValue(path, out var replies))
        {
            context.Response.StatusCode = 404;
            return;
        }

        try
        {
            await replies[Math.Min(n, replies.Length) - 1](context, n);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            Interlocked.Increment(ref aborted);
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await app.StopAsync(stop.Token);
        await app.DisposeAsync();
    }
}
