namespace Resilience.Functional.Redis;

/// <summary>The rules every component's key prefix and outage mode follow (docs/redis.md#key-layout).</summary>
internal static class RedisGuards
{
    public const int MaxPrefixLength = 64;

    public static string Prefix(string? value, string paramName) =>
        string.IsNullOrEmpty(value) || value.Length > MaxPrefixLength || value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))
            ? throw new ArgumentException($"{paramName} must be 1 to {MaxPrefixLength} characters without white space or control characters; it was '{value}'.", paramName)
            : value;

    public static RedisOutageMode Mode(RedisOutageMode value, string paramName) =>
        Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} must be FailOpen or FailClosed.");
}
