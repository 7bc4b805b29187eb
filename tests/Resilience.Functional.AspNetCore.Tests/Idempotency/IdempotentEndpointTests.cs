using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Resilience.Functional.DependencyInjection;

namespace Resilience.Functional.AspNetCore.Tests;

/// <summary>The Idempotency-Key middleware over HTTP, against a real Kestrel server.</summary>
public class IdempotentEndpointTests
{
    private const string Key = "Idempotency-Key";

    private static HttpRequestMessage Post(string path, string? key, string body = """{"amount":10}""")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation(Key, key);
        }

        return request;
    }

    private static async Task<TestServer> Start(Action<WebApplication> map, Action<IServiceCollection>? services = null, IdempotencyOptions? guard = null) =>
        await TestServer.StartAsync(
            builder =>
            {
                services?.Invoke(builder.Services);
                builder.Services.AddIdempotencyGuard(guard ?? IdempotencyOptions.Default with { ConflictRetryAfter = TimeSpan.FromSeconds(2) });
            },
            app =>
            {
                app.UseIdempotentRequests();
                map(app);
            });

    [Fact(Timeout = 60_000)]
    public async Task Sixty_four_concurrent_duplicates_run_the_handler_once_and_the_rest_get_409_with_retry_after()
    {
        var runs = 0;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await Start(app => app.MapPost("/orders", async (HttpContext context) =>
        {
            Interlocked.Increment(ref runs);
            await release.Task.WaitAsync(TimeSpan.FromSeconds(30));
            context.Response.Headers["X-Order"] = "42";
            return Results.Created("/orders/42", new { id = 42 });
        }).RequireIdempotencyKey());

        var requests = Enumerable.Range(0, 64).Select(_ => server.Client.SendAsync(Post("/orders", "\"order-1\""))).ToList();
        var conflicts = new List<HttpResponseMessage>();
        while (conflicts.Count < 63)
        {
            var done = await Task.WhenAny(requests).WaitAsync(TimeSpan.FromSeconds(30));
            requests.Remove(done);
            conflicts.Add(await done);
        }

        release.SetResult();
        var first = await requests.Single().WaitAsync(TimeSpan.FromSeconds(30));
        var replay = await server.Client.SendAsync(Post("/orders", "\"order-1\""));

        Assert.Equal(1, runs);
        Assert.All(conflicts, c => Assert.Equal(HttpStatusCode.Conflict, c.StatusCode));
        Assert.All(conflicts, c => Assert.Equal("2", c.Headers.GetValues("Retry-After").Single()));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal("42", replay.Headers.GetValues("X-Order").Single());
        Assert.Equal("/orders/42", replay.Headers.Location?.ToString());
        Assert.Equal(await first.Content.ReadAsStringAsync(), await replay.Content.ReadAsStringAsync());
        Assert.Equal("application/json; charset=utf-8", replay.Content.Headers.ContentType?.ToString());
    }

    [Fact(Timeout = 30_000)]
    public async Task The_same_key_with_another_body_path_or_method_gets_422()
    {
        var runs = 0;
        await using var server = await Start(app =>
        {
            app.MapPost("/pay", () => Results.Ok(Interlocked.Increment(ref runs))).RequireIdempotencyKey();
            app.MapPost("/refund", () => Results.Ok(Interlocked.Increment(ref runs))).RequireIdempotencyKey();
            app.MapPut("/pay", () => Results.Ok(Interlocked.Increment(ref runs))).RequireIdempotencyKey();
        });
        Assert.Equal(HttpStatusCode.OK, (await server.Client.SendAsync(Post("/pay", "k1"))).StatusCode);

        var otherBody = await server.Client.SendAsync(Post("/pay", "k1", """{"amount":11}"""));
        var otherPath = await server.Client.SendAsync(Post("/refund", "k1"));
        var otherMethod = await server.Client.SendAsync(new HttpRequestMessage(HttpMethod.Put, "/pay") { Content = new StringContent("""{"amount":10}"""), Headers = { { Key, "k1" } } });
        var problem = await otherBody.Content.ReadFromJsonAsync<Dictionary<string, object>>();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, otherBody.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, otherPath.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, otherMethod.StatusCode);
        Assert.Equal("application/problem+json", otherBody.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Idempotency-Key reused", problem!["title"].ToString());
        Assert.Equal(1, runs);
    }

    [Theory(Timeout = 30_000)]
    [InlineData(null, "Idempotency-Key required")]
    [InlineData("", "Invalid Idempotency-Key")]
    [InlineData("two words", "Invalid Idempotency-Key")]
    [InlineData("a,b", "Invalid Idempotency-Key")]
    [InlineData("\"unterminated", "Invalid Idempotency-Key")]
    [InlineData("\"bad \\escape\"", "Invalid Idempotency-Key")]
    public async Task A_missing_or_malformed_key_gets_400_and_the_handler_does_not_run(string? key, string title)
    {
        var runs = 0;
        await using var server = await Start(app => app.MapPost("/pay", () => Results.Ok(Interlocked.Increment(ref runs))).RequireIdempotencyKey());

        var response = await server.Client.SendAsync(Post("/pay", key));
        var problem = await response.Content.ReadFromJsonAsync<Dictionary<string, object>>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(title, problem!["title"].ToString());
        Assert.Equal(0, runs);
    }

    [Fact(Timeout = 30_000)]
    public async Task Keys_are_bounded_to_255_characters()
    {
        var runs = 0;
        await using var server = await Start(app => app.MapPost("/pay", () => Results.Ok(Interlocked.Increment(ref runs))).RequireIdempotencyKey());

        var longest = await server.Client.SendAsync(Post("/pay", new string('k', 255)));
        var tooLong = await server.Client.SendAsync(Post("/pay", new string('k', 256)));

        Assert.Equal(HttpStatusCode.OK, longest.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("at most 255 are allowed", await tooLong.Content.ReadAsStringAsync());
        Assert.Equal(1, runs);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_quoted_key_and_its_bare_form_are_the_same_key()
    {
        var runs = 0;
        await using var server = await Start(app => app.MapPost("/pay", () => Results.Ok(Interlocked.Increment(ref runs))).RequireIdempotencyKey());

        await server.Client.SendAsync(Post("/pay", "\"abc-1\""));
        var bare = await server.Client.SendAsync(Post("/pay", "abc-1"));

        Assert.Equal("true", bare.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(1, runs);
    }

    [Fact(Timeout = 30_000)]
    public async Task An_endpoint_that_allows_a_key_runs_unguarded_without_one_and_guarded_with_one()
    {
        var runs = 0;
        await using var server = await Start(app => app.MapPost("/pay", () => Results.Ok(Interlocked.Increment(ref runs))).AllowIdempotencyKey());

        await server.Client.SendAsync(Post("/pay", null));
        await server.Client.SendAsync(Post("/pay", null));
        await server.Client.SendAsync(Post("/pay", "k"));
        await server.Client.SendAsync(Post("/pay", "k"));

        Assert.Equal(3, runs);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_server_error_is_sent_as_it_is_and_not_replayed()
    {
        var runs = 0;
        await using var server = await Start(
            app => app.MapPost("/pay", () => Interlocked.Increment(ref runs) == 1 ? Results.StatusCode(503) : Results.Ok("paid")).RequireIdempotencyKey(),
            guard: IdempotencyOptions.Default with { OnAmbiguousFailure = AmbiguousFailureMode.ReleaseKey });

        var failed = await server.Client.SendAsync(Post("/pay", "k"));
        var retried = await server.Client.SendAsync(Post("/pay", "k"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.False(retried.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(2, runs);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_handler_that_throws_reaches_the_apps_error_handling_and_holds_its_key()
    {
        var runs = 0;
        await using var server = await Start(app => app.MapPost("/pay", string () =>
        {
            Interlocked.Increment(ref runs);
            throw new InvalidTimeZoneException("boom");
        }).RequireIdempotencyKey());

        var failed = await server.Client.SendAsync(Post("/pay", "k"));
        var repeat = await server.Client.SendAsync(Post("/pay", "k"));

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, repeat.StatusCode); // the effect may have happened: held until the lease ends
        Assert.Equal(1, runs);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_stored_client_error_is_replayed()
    {
        var runs = 0;
        await using var server = await Start(app => app.MapPost("/pay", () =>
        {
            Interlocked.Increment(ref runs);
            return Results.BadRequest(new { reason = "card declined" });
        }).RequireIdempotencyKey());

        var first = await server.Client.SendAsync(Post("/pay", "k"));
        var replay = await server.Client.SendAsync(Post("/pay", "k"));

        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(await first.Content.ReadAsStringAsync(), await replay.Content.ReadAsStringAsync());
        Assert.Equal(1, runs);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_key_scope_separates_clients()
    {
        var runs = 0;
        await using var server = await Start(
            app => app.MapPost("/pay", () => Results.Ok(Interlocked.Increment(ref runs))).RequireIdempotencyKey(),
            services => services.AddSingleton(new IdempotentRequestOptions { KeyScope = c => c.Request.Headers["X-Tenant"] }));

        var alice = Post("/pay", "k");
        alice.Headers.Add("X-Tenant", "alice");
        var bob = Post("/pay", "k");
        bob.Headers.Add("X-Tenant", "bob");
        await server.Client.SendAsync(alice);
        var bobs = await server.Client.SendAsync(bob);

        Assert.False(bobs.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(2, runs);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_response_without_a_body_is_replayed_without_one()
    {
        var runs = 0;
        await using var server = await Start(app => app.MapDelete("/orders/1", () =>
        {
            Interlocked.Increment(ref runs);
            return Results.NoContent();
        }).RequireIdempotencyKey());
        HttpRequestMessage Delete() => new(HttpMethod.Delete, "/orders/1") { Headers = { { Key, "d-1" } } };

        var first = await server.Client.SendAsync(Delete());
        var replay = await server.Client.SendAsync(Delete());

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, replay.StatusCode);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(1, runs);
    }

    [Fact(Timeout = 30_000)]
    public async Task Cookies_are_not_replayed()
    {
        await using var server = await Start(app => app.MapPost("/login", (HttpContext context) =>
        {
            context.Response.Cookies.Append("session", "secret");
            return Results.Ok();
        }).RequireIdempotencyKey());

        var first = await server.Client.SendAsync(Post("/login", "c-1"));
        var replay = await server.Client.SendAsync(Post("/login", "c-1"));

        Assert.True(first.Headers.Contains("Set-Cookie"));
        Assert.False(replay.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public void Using_the_middleware_without_a_guard_says_what_to_register()
    {
        var builder = WebApplication.CreateSlimBuilder();
        var app = builder.Build();

        var error = Assert.Throws<InvalidOperationException>(() => app.UseIdempotentRequests());

        Assert.Contains("AddIdempotencyGuard", error.Message);
    }
}
