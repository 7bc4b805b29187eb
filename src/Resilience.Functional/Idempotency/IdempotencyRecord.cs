namespace Resilience.Functional.Stores;

/// <summary>A stored outcome of an idempotent call, in the serializer's bytes, as a store keeps it.</summary>
/// <param name="Fingerprint">The fingerprint of the request that produced it, if any.</param>
/// <param name="IsSuccess">True for a stored value, false for a stored error.</param>
/// <param name="Payload">The serialized value or error.</param>
public sealed record IdempotencyRecord(string? Fingerprint, bool IsSuccess, byte[] Payload);
