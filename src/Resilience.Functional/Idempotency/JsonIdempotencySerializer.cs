using System.Text.Json;
using LanguageExt.Common;
using Resilience.Functional.Stores;

namespace Resilience.Functional;

/// <summary>
/// The default serializer: values with System.Text.Json, errors as their code and message (a replayed error is an
/// <see cref="Expected"/> with the same code and message, not the original type).
/// </summary>
public sealed class JsonIdempotencySerializer : IIdempotencySerializer
{
    private readonly JsonSerializerOptions options;

    /// <summary>A serializer with System.Text.Json's web defaults.</summary>
    public JsonIdempotencySerializer()
        : this(new JsonSerializerOptions(JsonSerializerDefaults.Web))
    {
    }

    /// <summary>A serializer with <paramref name="options"/>.</summary>
    /// <param name="options">The System.Text.Json options.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    public JsonIdempotencySerializer(JsonSerializerOptions options) =>
        this.options = options ?? throw new ArgumentNullException(nameof(options));

    /// <summary>A shared instance with web defaults.</summary>
    public static JsonIdempotencySerializer Default { get; } = new();

    /// <inheritdoc />
    public byte[] SerializeValue<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, options);

    /// <inheritdoc />
    public T DeserializeValue<T>(byte[] payload) => JsonSerializer.Deserialize<T>(payload, options)!;

    /// <inheritdoc />
    public byte[] SerializeError(Error error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return JsonSerializer.SerializeToUtf8Bytes(new StoredError(error.Code, error.Message), options);
    }

    /// <inheritdoc />
    public Error DeserializeError(byte[] payload)
    {
        var stored = JsonSerializer.Deserialize<StoredError>(payload, options)
            ?? throw new JsonException("A stored error was null.");
        return Error.New(stored.Code, stored.Message ?? "");
    }

    private sealed record StoredError(int Code, string? Message);
}
