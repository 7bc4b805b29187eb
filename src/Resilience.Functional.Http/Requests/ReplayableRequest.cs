namespace Resilience.Functional;

/// <summary>
/// A request prepared to be sent more than once: its body read once into memory (up to a bound), and a fresh
/// <see cref="HttpRequestMessage"/> for each attempt, so no message is ever sent twice. A body above the bound is
/// sent once, streamed, and <see cref="NotReplayableReason"/> says why there is no second attempt
/// (docs/http.md#replayable-requests).
/// </summary>
internal sealed class ReplayableRequest
{
    private readonly HttpRequestMessage original;
    private readonly byte[]? body;
    private readonly int length;
    private HttpContent? streamed;
    private int sent;

    private ReplayableRequest(HttpRequestMessage original, byte[]? body, int length, HttpContent? streamed, string? reason)
    {
        this.original = original;
        this.body = body;
        this.length = length;
        this.streamed = streamed;
        NotReplayableReason = reason;
    }

    /// <summary>Why the request can be sent only once; null when it can be replayed.</summary>
    public string? NotReplayableReason { get; }

    public HttpRequestMessage Original => original;

    public static async ValueTask<ReplayableRequest> Prepare(HttpRequestMessage request, int maxBytes, CancellationToken ct)
    {
        var content = request.Content;
        if (content is null)
        {
            return new(request, null, 0, null, null);
        }

        if (content.Headers.ContentLength is { } declared && declared > maxBytes)
        {
            return new(request, null, 0, content, TooLarge($"{declared} bytes", maxBytes));
        }

        var stream = await content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        var buffer = new byte[(int)Math.Min((long)maxBytes + 1, content.Headers.ContentLength is { } known ? known + 1 : 16 * 1024)];
        var read = 0;
        while (true)
        {
            if (read == buffer.Length)
            {
                if (read > maxBytes)
                {
                    return new(request, null, 0, Streamed(content, new PrefixedStream(buffer, read, stream)), TooLarge($"more than {maxBytes} bytes", maxBytes));
                }

                Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, (long)maxBytes + 1));
            }

            var n = await stream.ReadAsync(buffer.AsMemory(read), ct).ConfigureAwait(false);
            if (n == 0)
            {
                return new(request, buffer, read, null, null);
            }

            read += n;
        }
    }

    /// <summary>
    /// The message for the next attempt: a request without a body goes out itself the first time (nothing of it was
    /// consumed) and as a fresh copy after; one with a body always as a fresh copy, and one that cannot be replayed
    /// gives its body only to the first.
    /// </summary>
    public HttpRequestMessage NextMessage()
    {
        if (original.Content is null && Interlocked.Exchange(ref sent, 1) == 0)
        {
            return original;
        }

        var message = new HttpRequestMessage(original.Method, original.RequestUri)
        {
            Version = original.Version,
            VersionPolicy = original.VersionPolicy,
        };
        foreach (var header in original.Headers.NonValidated)
        {
            message.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        var options = (IDictionary<string, object?>)message.Options;
        foreach (var option in original.Options)
        {
            options[option.Key] = option.Value;
        }

        message.Content = body is not null ? WithHeaders(new ReadOnlyMemoryContent(body.AsMemory(0, length))) : Interlocked.Exchange(ref streamed, null);
        return message;
    }

    private HttpContent WithHeaders(HttpContent content)
    {
        foreach (var header in original.Content!.Headers.NonValidated)
        {
            if (!header.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        return content;
    }

    private static HttpContent Streamed(HttpContent original, Stream stream)
    {
        var content = new StreamContent(stream);
        foreach (var header in original.Headers.NonValidated)
        {
            content.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        return content;
    }

    private static string TooLarge(string size, int maxBytes) =>
        $"the body ({size}) is larger than MaxBufferedContentBytes ({maxBytes}), so it is streamed once and not buffered for another attempt";
}
