using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Tests;

public class HealthJsonTests
{
    private static readonly string[] StatusWords = ["pass", "warn", "fail"];

    private static async Task<HealthCheckReport> Report(params HealthCheck[] checks) =>
        (await new HealthRegistry(checks, new FakeTimeProvider(DateTimeOffset.Parse("2026-01-02T03:04:05Z"))).RunAsync(CancellationToken.None))
            .Match(r => r, e => throw new Xunit.Sdk.XunitException(e.Message));

    // The draft's rules: a top-level "status" (pass/warn/fail) is required; "checks" is an object whose every value
    // is an array of objects, each with a valid "status" when present; "time" is an ISO 8601 date-time.
    private static void AssertValidHealthJson(JsonElement root)
    {
        Assert.Equal(JsonValueKind.Object, root.ValueKind);
        Assert.Contains(root.GetProperty("status").GetString(), StatusWords);
        if (!root.TryGetProperty("checks", out var checks))
        {
            return;
        }

        Assert.Equal(JsonValueKind.Object, checks.ValueKind);
        foreach (var check in checks.EnumerateObject())
        {
            Assert.Equal(JsonValueKind.Array, check.Value.ValueKind);
            foreach (var item in check.Value.EnumerateArray())
            {
                Assert.Contains(item.GetProperty("status").GetString(), StatusWords);
                Assert.True(DateTimeOffset.TryParse(item.GetProperty("time").GetString(), out _));
            }
        }
    }

    [Fact]
    public async Task Renders_status_checks_and_fields_as_the_draft_requires()
    {
        var report = await Report(
            new HealthCheck("db", Op.Succeed(HealthResult.Healthy("fine"))) { Measurement = "connections" },
            HealthCheck.FromUsageRatio("bulkhead", () => 0.9, HealthThresholds.Default),
            new HealthCheck("cache", Op.Fail<HealthResult>(Error.New("refused"))));

        var json = HealthJson.Render(report);
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;

        AssertValidHealthJson(root);
        Assert.Equal("warn", root.GetProperty("status").GetString());
        var checks = root.GetProperty("checks");
        Assert.Equal(["db:connections", "bulkhead:utilization", "cache"], checks.EnumerateObject().Select(p => p.Name));
        var db = checks.GetProperty("db:connections")[0];
        Assert.Equal("pass", db.GetProperty("status").GetString());
        Assert.False(db.TryGetProperty("output", out _));
        Assert.Equal(DateTimeOffset.Parse("2026-01-02T03:04:05Z"), DateTimeOffset.Parse(db.GetProperty("time").GetString()!));
        var bulkhead = checks.GetProperty("bulkhead:utilization")[0];
        Assert.Equal("warn", bulkhead.GetProperty("status").GetString());
        Assert.Equal(0.9, bulkhead.GetProperty("observedValue").GetDouble());
        Assert.Equal("ratio", bulkhead.GetProperty("observedUnit").GetString());
        var cache = checks.GetProperty("cache")[0];
        Assert.Equal("fail", cache.GetProperty("status").GetString());
        Assert.Equal("refused", cache.GetProperty("output").GetString());
    }

    [Fact]
    public async Task An_empty_registry_passes_without_checks()
    {
        using var doc = JsonDocument.Parse(HealthJson.Render(await Report()));
        AssertValidHealthJson(doc.RootElement);
        Assert.Equal("pass", doc.RootElement.GetProperty("status").GetString());
        Assert.False(doc.RootElement.TryGetProperty("checks", out _));
    }

    [Theory]
    [InlineData(HealthState.Healthy, "pass", 200)]
    [InlineData(HealthState.Degraded, "warn", 200)]
    [InlineData(HealthState.Unhealthy, "fail", 503)]
    public void Maps_state_to_status_word_and_http_code(HealthState state, string word, int code)
    {
        Assert.Equal(word, HealthJson.StatusText(state));
        Assert.Equal(code, HealthJson.HttpStatusCode(state));
        Assert.Equal("application/health+json", HealthJson.ContentType);
    }
}
