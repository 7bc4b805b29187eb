using Microsoft.AspNetCore.Http;

namespace Resilience.Functional.AspNetCore;

/// <summary>
/// What an idempotent endpoint answered, as the store keeps it: status, headers and body. Headers that belong to
/// one connection or one client (<c>Date</c>, <c>Server</c>, <c>Connection</c>, <c>Transfer-Encoding</c>,
/// <c>Content-Length</c>, <c>Set-Cookie</c>) are not stored.
/// </summary>
internal sealed record StoredResponse(int StatusCode, Dictionary<string, string[]> Headers, byte[] Body)
{
    private static readonly HashSet<string> NotStored = new(StringComparer.OrdinalIgnoreCase)
    {
        "Date", "Server", "Connection", "Keep-Alive", "Transfer-Encoding", "Content-Length", "Set-Cookie",
    };

    public static StoredResponse Of(HttpResponse response, byte[] body) =>
        new(
            response.StatusCode,
            response.Headers.Where(h => !NotStored.Contains(h.Key)).ToDictionary(h => h.Key, h => h.Value.Select(v => v ?? "").ToArray(), StringComparer.OrdinalIgnoreCase),
            body);

    public async Task WriteAsync(HttpResponse response, string replayedHeader)
    {
        response.StatusCode = StatusCode;
        foreach (var (name, values) in Headers)
        {
            response.Headers[name] = values;
        }

        response.Headers[replayedHeader] = "true";
        response.ContentLength = Body.Length;
        await response.Body.WriteAsync(Body).ConfigureAwait(false);
    }
}
