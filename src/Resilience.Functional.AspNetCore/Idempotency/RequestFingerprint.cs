using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Resilience.Functional.AspNetCore;

/// <summary>
/// The fingerprint of a request: SHA-256 of its method, path, query and the SHA-256 of its body. The body is
/// buffered (<see cref="HttpRequestRewindExtensions.EnableBuffering(HttpRequest)"/>) and rewound, so the handler
/// reads it as sent; Kestrel's request size limit bounds it.
/// </summary>
internal static class RequestFingerprint
{
    public static async ValueTask<string> ComputeAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        request.EnableBuffering();
        var body = await SHA256.HashDataAsync(request.Body, cancellationToken).ConfigureAwait(false);
        request.Body.Position = 0;
        var head = Encoding.UTF8.GetBytes($"{request.Method}\n{request.Path}{request.QueryString}\n");
        return Convert.ToHexStringLower(SHA256.HashData([.. head, .. body]));
    }
}
