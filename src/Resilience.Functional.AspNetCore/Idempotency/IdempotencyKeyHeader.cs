using Microsoft.Extensions.Primitives;

namespace Resilience.Functional.AspNetCore;

/// <summary>
/// Reads the <c>Idempotency-Key</c> header. The draft makes it a structured-field string (<c>"8e03978e-…"</c>, with
/// <c>\"</c> and <c>\\</c> escapes, printable ASCII); a bare value of printable ASCII without quotes, commas or
/// spaces is accepted too, as most clients send one. One field only; the key's length is the guard's rule
/// (<see cref="IdempotencyGuard.ValidateKey"/>).
/// </summary>
internal static class IdempotencyKeyHeader
{
    /// <summary>The key, or why the header is not one.</summary>
    public static (string? Key, string? Error) Parse(StringValues values)
    {
        if (values.Count != 1 || values[0] is not { } raw)
        {
            return (null, "send the header once, with one key.");
        }

        var text = raw.Trim();
        var key = text.StartsWith('"') ? Quoted(text) : Bare(text);
        return key is null
            ? (null, "the key must be a quoted string (\"...\") or a token of printable ASCII without spaces, commas or quotes.")
            : IdempotencyGuard.ValidateKey(key).Match(e => (null, e.Message), () => ((string?)key, (string?)null));
    }

    private static string? Bare(string text) =>
        text.Length > 0 && text.All(c => c is > ' ' and < (char)0x7F and not '"' and not ',' and not '\\') ? text : null;

    private static string? Quoted(string text)
    {
        var key = new System.Text.StringBuilder(text.Length);
        for (var i = 1; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"')
            {
                return i == text.Length - 1 ? key.ToString() : null;
            }

            if (c == '\\')
            {
                if (++i == text.Length || text[i] is not ('"' or '\\'))
                {
                    return null;
                }

                c = text[i];
            }
            else if (c is < ' ' or >= (char)0x7F)
            {
                return null;
            }

            key.Append(c);
        }

        return null;
    }
}
