using System.Globalization;

namespace Resilience.Functional;

/// <summary>Saturating duration arithmetic, validation and short formatting for schedules.</summary>
internal static class Durations
{
    // 2^63 as a double: every double at or above it is out of TimeSpan's range.
    private const double Overflow = 9223372036854775808.0;

    public static TimeSpan FromTicks(double ticks) =>
        double.IsNaN(ticks) || ticks <= 0 ? TimeSpan.Zero
        : ticks >= Overflow ? TimeSpan.MaxValue
        : TimeSpan.FromTicks((long)ticks);

    public static TimeSpan Multiply(long ticks, long factor)
    {
        var product = (Int128)ticks * factor;
        return product > long.MaxValue ? TimeSpan.MaxValue : TimeSpan.FromTicks((long)product);
    }

    public static TimeSpan Add(TimeSpan a, TimeSpan b) =>
        a.Ticks > TimeSpan.MaxValue.Ticks - b.Ticks ? TimeSpan.MaxValue : a + b;

    public static TimeSpan Min(TimeSpan a, TimeSpan b) => a <= b ? a : b;

    public static TimeSpan Max(TimeSpan a, TimeSpan b) => a >= b ? a : b;

    // The throw lives in its own method, so that the check inlines into every backoff step that validates its delay.
    public static TimeSpan NonNegative(TimeSpan value, string parameter) =>
        value >= TimeSpan.Zero ? value : NegativeDuration(value, parameter);

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static TimeSpan NegativeDuration(TimeSpan value, string parameter) =>
        throw new ArgumentOutOfRangeException(parameter, value, "The duration must be zero or positive (at most TimeSpan.MaxValue).");

    public static string Format(TimeSpan value) =>
        value == TimeSpan.MaxValue ? "∞"
        : value.Ticks % TimeSpan.TicksPerMillisecond != 0 ? value.ToString("c", CultureInfo.InvariantCulture)
        : value < TimeSpan.FromSeconds(1) ? $"{value.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)}ms"
        : value < TimeSpan.FromMinutes(1) ? $"{value.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s"
        : value.ToString("c", CultureInfo.InvariantCulture);
}
