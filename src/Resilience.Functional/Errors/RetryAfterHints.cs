using LanguageExt;

namespace Resilience.Functional;

internal static class RetryAfterHints
{
    public static Option<TimeSpan> Validate(Option<TimeSpan> hint, string parameter) =>
        hint.Map(d => d >= TimeSpan.Zero
            ? d
            : throw new ArgumentOutOfRangeException(parameter, d, "A retry-after hint must be zero or positive."));
}
