namespace Resilience.Functional;

/// <summary>Validation shared by option records: bad configuration fails when a policy is built.</summary>
internal static class OptionGuards
{
    /// <summary>The longest wait a <see cref="TimeProvider"/> timer or <c>Task.Delay</c> accepts.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    /// <summary>Throws unless <paramref name="value"/> is in (0, <see cref="MaxDelay"/>].</summary>
    public static TimeSpan PositiveDelay(TimeSpan value, string paramName)
    {
        if (value <= TimeSpan.Zero || value > MaxDelay)
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} must be greater than zero and at most {MaxDelay}.");
        }

        return value;
    }

    /// <summary>Throws unless <paramref name="value"/> is in [0, <see cref="MaxDelay"/>].</summary>
    public static TimeSpan NonNegativeDelay(TimeSpan value, string paramName)
    {
        if (value < TimeSpan.Zero || value > MaxDelay)
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} must be at least zero and at most {MaxDelay}.");
        }

        return value;
    }

    /// <summary>Throws unless <paramref name="value"/> is in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static int InRange(int value, int min, int max, string paramName)
    {
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} must be between {min} and {max}.");
        }

        return value;
    }

    /// <summary>Throws <see cref="ArgumentNullException"/> naming <paramref name="paramName"/> when null.</summary>
    public static T NotNull<T>(T? value, string paramName)
        where T : class =>
        value ?? throw new ArgumentNullException(paramName, $"{paramName} must not be null.");

    /// <summary>Throws unless <paramref name="value"/> is a probability, in [0, 1].</summary>
    public static double Probability(double value, string paramName) =>
        value is >= 0 and <= 1
            ? value
            : throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} must be a probability in [0, 1].");

    /// <summary>Throws unless <paramref name="value"/> is finite and at least 0.</summary>
    public static double NonNegative(double value, string paramName) =>
        value >= 0 && double.IsFinite(value)
            ? value
            : throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} must be finite and at least 0.");

    /// <summary>Throws unless <paramref name="value"/> is finite and greater than 0.</summary>
    public static double Positive(double value, string paramName) =>
        value > 0 && double.IsFinite(value)
            ? value
            : throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} must be finite and greater than 0.");

    /// <summary>
    /// Throws unless <paramref name="value"/> is between <paramref name="low"/> and <paramref name="high"/>, each end
    /// included unless it is said to be open (NaN never is).
    /// </summary>
    public static double Between(double value, double low, double high, string paramName, bool lowOpen = false, bool highOpen = false) =>
        (lowOpen ? value > low : value >= low) && (highOpen ? value < high : value <= high)
            ? value
            : throw new ArgumentOutOfRangeException(
                paramName,
                value,
                FormattableString.Invariant($"{paramName} must be in {(lowOpen ? "(" : "[")}{low}, {high}{(highOpen ? ")" : "]")}."));

    /// <summary>Throws unless <paramref name="value"/> is at least 1.</summary>
    public static int Positive(int value, string paramName) =>
        value > 0 ? value : throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} must be at least 1.");

    /// <summary>Throws unless <paramref name="value"/> is zero or more (any length: for virtual durations, not waits).</summary>
    public static TimeSpan NonNegative(TimeSpan value, string paramName) =>
        value >= TimeSpan.Zero
            ? value
            : throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} must be zero or more.");

    /// <summary>Throws unless <paramref name="value"/> is greater than zero (any length: for virtual durations, not waits).</summary>
    public static TimeSpan Positive(TimeSpan value, string paramName) =>
        value > TimeSpan.Zero
            ? value
            : throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} must be greater than zero.");

    /// <summary>Throws <see cref="ArgumentException"/> naming <paramref name="paramName"/> unless the value is a non-empty, non-blank text.</summary>
    public static string Name(string? value, string paramName) =>
        string.IsNullOrWhiteSpace(value)
            ? throw new ArgumentException($"{paramName} must be a non-empty text (the resilience.policy.name telemetry tag).", paramName)
            : value;
}
