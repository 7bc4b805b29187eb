using System.Globalization;

namespace Resilience.Functional.Load;

/// <summary>Parses <c>--workers n</c>, <c>--duration d</c>, <c>--rounds n</c> (also <c>--name=value</c>), each at most once.</summary>
internal static class LoadArguments
{
    /// <summary>The usage text.</summary>
    public static string Usage { get; } = $"""
        Drives the standard pipeline and Polly's equivalent with N workers, in alternating rounds in one process, and
        reports ops/s, allocated bytes per op, GC counts per generation and the peak working set.

        Usage: dotnet run -c Release --project benchmarks/Resilience.Functional.Load -- [options]

          --workers <n>    concurrent workers, 1 to {LoadSettings.MaxWorkers} (default 2)
          --duration <d>   length of each round: 10s, 500ms, 2m or a number of seconds;
                           {LoadSettings.MinDuration.TotalMilliseconds:0} ms to {LoadSettings.MaxDuration.TotalHours:0} h (default 10s)
          --rounds <n>     rounds of each library, 1 to {LoadSettings.MaxRounds} (default 3)
          --help, -h       show this help
        """;

    /// <summary>The settings, or an error message; both null when help was asked for.</summary>
    public static (LoadSettings? Settings, string? Error) Parse(IReadOnlyList<string> args)
    {
        var settings = new LoadSettings();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "--help" or "-h")
            {
                return (null, null);
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? arg : arg[..equals];
            if (name is not ("--workers" or "--duration" or "--rounds"))
            {
                return (null, $"Unknown argument '{arg}'. Options: --workers, --duration, --rounds, --help.");
            }

            if (!seen.Add(name))
            {
                return (null, $"Option '{name}' is given more than once.");
            }

            string value;
            if (equals >= 0)
            {
                value = arg[(equals + 1)..];
            }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                value = args[++i];
            }
            else
            {
                return (null, $"Option '{name}' needs a value.");
            }

            try
            {
                settings = name switch
                {
                    "--workers" => settings with { Workers = Integer(name, value) },
                    "--rounds" => settings with { Rounds = Integer(name, value) },
                    _ => settings with { Duration = Duration(value) },
                };
            }
            catch (ArgumentException e)
            {
                return (null, $"{name}: {e.Message}");
            }
        }

        return (settings, null);
    }

    /// <summary>A duration: a number with <c>ms</c>, <c>s</c>, <c>m</c> or <c>h</c>, or a plain number of seconds.</summary>
    /// <exception cref="ArgumentException">The text is not such a duration, or it is out of range.</exception>
    public static TimeSpan Duration(string text)
    {
        var (number, unit) = text.Trim() switch
        {
            var t when t.EndsWith("ms", StringComparison.Ordinal) => (t[..^2], 1e-3),
            var t when t.EndsWith('s') => (t[..^1], 1),
            var t when t.EndsWith('m') => (t[..^1], 60),
            var t when t.EndsWith('h') => (t[..^1], 3600),
            var t => (t, 1d),
        };
        return double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value * unit >= LoadSettings.MinDuration.TotalSeconds && value * unit <= LoadSettings.MaxDuration.TotalSeconds
            ? TimeSpan.FromSeconds(value * unit)
            : throw new ArgumentException($"'{text}' is not a duration from {LoadSettings.MinDuration.TotalMilliseconds:0} ms to {LoadSettings.MaxDuration.TotalHours:0} h (e.g. 10s, 500ms, 2m).", "duration");
    }

    private static int Integer(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new ArgumentException($"'{value}' is not a whole number.", name.TrimStart('-'));
}
