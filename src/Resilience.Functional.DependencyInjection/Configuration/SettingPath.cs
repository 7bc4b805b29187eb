using System.Globalization;

namespace Resilience.Functional.DependencyInjection.Configuration;

/// <summary>
/// The configuration key of a setting (<c>Resilience:Policies:orders:Retry:MaxRetries</c>) and the one place that
/// turns a core option's <see cref="ArgumentException"/> into a message naming that key: the allowed ranges are the
/// core options' own (docs/hosting.md#validation).
/// </summary>
internal readonly record struct SettingPath(string Value)
{
    public SettingPath this[string key] => new($"{Value}:{key}");

    public override string ToString() => Value;

    /// <summary>Runs <paramref name="make"/>; a bad value becomes a <see cref="SettingException"/> naming this key.</summary>
    public T Check<T>(object? configured, Func<T> make)
    {
        try
        {
            return make();
        }
        catch (ArgumentException ex)
        {
            throw new SettingException(Describe(configured, ex.Message));
        }
    }

    /// <summary>
    /// Runs a factory of several arguments; a bad one becomes a <see cref="SettingException"/> naming the key whose
    /// parameter the exception names (the first key when it names none of them).
    /// </summary>
    public T Check<T>(Func<T> make, params (string Parameter, string Key, object? Configured)[] keys)
    {
        try
        {
            return make();
        }
        catch (ArgumentException ex)
        {
            var (_, key, configured) = Array.Find(keys, k => k.Parameter == ex.ParamName) is { Key: not null } named ? named : keys[0];
            throw this[key].Invalid(configured, ex.Message);
        }
    }

    public SettingException Invalid(object? configured, string reason) => new(Describe(configured, reason));

    private string Describe(object? configured, string reason) =>
        configured is null
            ? $"{Value}: {Clean(reason)}"
            : $"{Value}: {Clean(reason)} (configured: '{Convert.ToString(configured, CultureInfo.InvariantCulture)}')";

    // An ArgumentException's message ends with " (Parameter 'x')" and an out-of-range one with "Actual value was …":
    // the key and the configured text say both better.
    private static string Clean(string message)
    {
        var cut = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        var text = cut >= 0 ? message[..cut] : message;
        var actual = text.IndexOf(Environment.NewLine + "Actual value was", StringComparison.Ordinal);
        return (actual >= 0 ? text[..actual] : text).Trim();
    }
}
