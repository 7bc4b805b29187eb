namespace Resilience.Functional;

/// <summary>
/// A request prepared to be sent more than once: its body read once into memory (up to a bound), and a fresh
/// <see cref="HttpRequestMessage"/> for each attempt, so no message is ever sent twice. A body above the bound is
/// sent once, streamed, and <see cref="NotReplayableReason"/> says why there is no second attempt
/// (docs/http.md#replayable-requests).
/// </summary>
/// <remarks>
/// Part of its <see cref="HttpCall"/>, and reused with it: <see cref="Prepare"/> fills it for a call and
/// <see cref="Clear"/> empties it when the call is over (docs/http.md#cost).
/// </remarks>
internal sealed class ReplayableRequest
{
    private HttpRequestMessage? original;
    private byte[]? body;
    private int length;
    private HttpContent? streamed;
    private int sent;

    /// <summary>Why the request can be sent only once; null when it can be replayed.</summary>
    public string? NotReplayableReason { get; private set; }

    public HttpRequestMessage Original => original!;

    /// <summary>Takes <paramref name="request"/>; a request without a body, or with one too large, is ready at once.</summary>
    public ValueTask Prepare(HttpRequestMessage request, int maxBytes, CancellationToken ct)
    {
        original = request;
        var content = request.Content;
        if (content is null)
        {
            return ValueTask.CompletedTask;
        }

        if (content.Headers.ContentLength is { } declared && declared > maxBytes)
        {
            streamed = content;
            NotReplayableReason = TooLarge($"{declared} bytes", maxBytes);
            return ValueTask.CompletedTask;
        }

        return Buffer(content, maxBytes, ct);
    }

    /// <summary>Forgets the request, its body and its state, for the next call.</summary>
    public void Clear()
    {
        (original, body, length, streamed, sent) = (null, null, 0, null, 0);
        NotReplayableReason = null;
    }

    /// <summary>
    /// The message for the next attempt: a request without a body goes out itself the first time (nothing of it was
    /// consumed) and as a fresh copy after; one with a body always as a fresh copy, and one that cannot be replayed
    /// gives its body only to the first.
    /// </summary>
    public HttpRequestMessage NextMessage()
    {
        var source = Original;
        if (source.Content is null && Interlocked.Exchange(ref sent, 1) == 0)
        {
            return source;
        }

        var message = new HttpRequestMessage(source.Method, source.RequestUri)
        {
            Version = source.Version,
            VersionPolicy = source.VersionPolicy,
        };
        foreach (var header in source.Headers.NonValidated)
        {
            message.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        var options = (IDictionary<string, object?>)message.Options;
        foreach (var option in source.Options)
        {
            options[option.Key] = option.Value;
        }

        message.Content = body is not null ? WithHeaders(new ReadOnlyMemoryContent(body.AsMemory(0, length))) : Interlocked.Exchange(ref streamed, null);
        return message;
    }

    private async ValueTask Buffer(HttpContent content, int maxBytes, CancellationToken ct)
    {
        var stream = await content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        var buffer = new byte[(int)Math.Min((long)maxBytes + 1, content.Headers.ContentLength is { } known ? known + 1 : 16 * 1024)];
        var read = 0;
        while (true)
        {
            if (read == buffer.Length)
            {
                if (read > maxBytes)
                {
                    streamed = Streamed(content, new PrefixedStream(buffer, read, stream));
                    NotReplayableReason = TooLarge($"more than {maxBytes} bytes", maxBytes);
                    return;
                }

                Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, (long)maxBytes + 1));
            }

            var n = await stream.ReadAsync(buffer.AsMemory(read), ct).ConfigureAwait(false);
            if (n == 0)
            {
                (body, length) = (buffer, read);
                return;
            }

            read += n;
        }
    }

    private HttpContent WithHeaders(HttpContent content)
    {
        foreach (var header in Original.Content!.Headers.NonValidated)
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
