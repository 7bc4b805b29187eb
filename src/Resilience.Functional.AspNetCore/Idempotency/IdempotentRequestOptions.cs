using Microsoft.AspNetCore.Http;

namespace Resilience.Functional.AspNetCore;

/// <summary>Settings of the idempotent-request middleware; every property is validated when set.</summary>
public sealed record IdempotentRequestOptions
{
    /// <summary>The defaults: header <c>Idempotency-Key</c>, replays marked <c>Idempotent-Replayed: true</c>, one key space for all clients.</summary>
    public static IdempotentRequestOptions Default { get; } = new();

    /// <summary>The request header carrying the key. Default <c>Idempotency-Key</c> (IETF draft).</summary>
    /// <exception cref="ArgumentException">Empty or white space.</exception>
    public string HeaderName
    {
        get;
        init => field = HeaderText(value, nameof(HeaderName));
    } = "Idempotency-Key";

    /// <summary>
    /// The response header, with the value <c>true</c>, that marks a replayed response (the draft names none; this is
    /// the name Stripe's clients know). Default <c>Idempotent-Replayed</c>.
    /// </summary>
    /// <exception cref="ArgumentException">Empty or white space.</exception>
    public string ReplayedHeaderName
    {
        get;
        init => field = HeaderText(value, nameof(ReplayedHeaderName));
    } = "Idempotent-Replayed";

    /// <summary>
    /// The key space of a request (the authenticated user, a tenant): its keys are stored as <c>scope:key</c>, so two
    /// clients sending the same key never see each other's responses. Null (the default): one key space; clients
    /// must send unique keys (UUIDs). The scope and the key together are at most
    /// <see cref="IdempotencyGuard.MaxKeyLength"/> characters.
    /// </summary>
    public Func<HttpContext, string?>? KeyScope { get; init; }

    private static string HeaderText(string value, string name) =>
        string.IsNullOrWhiteSpace(value) ? throw new ArgumentException($"{name} must be a header name, not empty or white space.", name) : value;
}
