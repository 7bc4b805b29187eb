namespace Resilience.Functional.Redis;

/// <summary>The rule every component's key prefix follows (docs/redis.md#key-layout).</summary>
internal static class RedisKeyPrefix
{
    public const int MaxLength = 64;

    public static string Validate(string? value, string paramName) =>
        string.IsNullOrEmpty(value) || value.Length > MaxLength || value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))
            ? throw new ArgumentException($"{paramName} must be 1 to {MaxLength} characters without white space or control characters; it was '{value}'.", paramName)
            : value;
}
