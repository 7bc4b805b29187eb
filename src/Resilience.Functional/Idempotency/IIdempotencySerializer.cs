using LanguageExt.Common;

namespace Resilience.Functional.Stores;

/// <summary>Turns stored values and errors into bytes and back, so that any store (in memory, distributed) can hold them.</summary>
public interface IIdempotencySerializer
{
    /// <summary>The bytes of a success value.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="value">The value.</param>
    byte[] SerializeValue<T>(T value);

    /// <summary>The value from bytes made by <see cref="SerializeValue{T}"/>.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="payload">The bytes.</param>
    T DeserializeValue<T>(byte[] payload);

    /// <summary>The bytes of an error.</summary>
    /// <param name="error">The error.</param>
    byte[] SerializeError(Error error);

    /// <summary>The error from bytes made by <see cref="SerializeError"/>.</summary>
    /// <param name="payload">The bytes.</param>
    Error DeserializeError(byte[] payload);
}
