using System.Globalization;
using System.Net.Http.Headers;
using LanguageExt;

namespace Resilience.Functional;

/// <summary>
/// Reads a response's retry-after hint: <c>retry-after-ms</c> and <c>x-ms-retry-after-ms</c> (milliseconds, the Azure
/// SDKs' headers) first, then <c>Retry-After</c> as delta-seconds or an HTTP-date. A malformed, negative or
/// out-of-range value is no hint; a date in the past is a zero wait (docs/http.md#responses-as-values).
/// </summary>
internal static class RetryAfterHeaders
{
    private static readonly string[] MillisecondHeaders = ["retry-after-ms", "x-ms-retry-after-ms"];

    public static Option<TimeSpan> Read(HttpResponseMessage response, DateTimeOffset now)
    {
        foreach (var header in MillisecondHeaders)
        {
            if (Single(response.Headers, header) is { } text && Number(text) is { } ms && ms <= OptionGuards.MaxDelay.TotalMilliseconds)
            {
                return TimeSpan.FromMilliseconds(ms);
            }
        }

        return Single(response.Headers, "Retry-After") is { } value ? RetryAfter(value, now) : Option<TimeSpan>.None;
    }

    private static Option<TimeSpan> RetryAfter(string value, DateTimeOffset now)
    {
        if (Number(value) is { } seconds)
        {
            return seconds <= OptionGuards.MaxDelay.TotalSeconds ? TimeSpan.FromSeconds(seconds) : Option<TimeSpan>.None;
        }

        return DateTimeOffset.TryParseExact(value.Trim(), "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? Clamp(date - now)
            : Option<TimeSpan>.None;
    }

    // A date already passed means "now"; one beyond the timer range is no usable hint.
    private static Option<TimeSpan> Clamp(TimeSpan wait) =>
        wait <= TimeSpan.Zero ? TimeSpan.Zero : wait <= OptionGuards.MaxDelay ? wait : Option<TimeSpan>.None;

    private static double? Number(string text) =>
        long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static string? Single(HttpResponseHeaders headers, string name) =>
        headers.NonValidated.TryGetValues(name, out var values) && values.Count == 1 ? values.ToString() : null;
}
