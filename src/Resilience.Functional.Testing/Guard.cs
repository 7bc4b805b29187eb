namespace Resilience.Functional.Testing;

/// <summary>Validation of settings at construction, with the allowed range in the message.</summary>
internal static class Guard
{
    internal static double Probability(double value, string name) =>
        value is >= 0 and <= 1
            ? value
            : throw new ArgumentOutOfRangeException(name, value, "A probability must be in [0, 1].");

    internal static double NonNegative(double value, string name) =>
        value >= 0 && double.IsFinite(value)
            ? value
            : throw new ArgumentOutOfRangeException(name, value, "The value must be finite and at least 0.");

    internal static double Positive(double value, string name) =>
        value > 0 && double.IsFinite(value)
            ? value
            : throw new ArgumentOutOfRangeException(name, value, "The value must be finite and greater than 0.");

    internal static int Positive(int value, string name) =>
        value > 0 ? value : throw new ArgumentOutOfRangeException(name, value, "The value must be at least 1.");

    internal static TimeSpan NonNegative(TimeSpan value, string name) =>
        value >= TimeSpan.Zero
            ? value
            : throw new ArgumentOutOfRangeException(name, value, "The duration must be zero or more.");

    internal static TimeSpan Positive(TimeSpan value, string name) =>
        value > TimeSpan.Zero
            ? value
            : throw new ArgumentOutOfRangeException(name, value, "The duration must be greater than zero.");

    internal static T NotNull<T>(T? value, string name)
        where T : class =>
        value ?? throw new ArgumentNullException(name);
}
