using System.Globalization;

namespace Resilience.Functional.Simulator;

/// <summary>Parses the simulator's command line: <c>--name value</c> or <c>--name=value</c>, each option at most once.</summary>
internal static class ArgumentParser
{
    /// <summary>The longest virtual duration accepted.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromHours(24);

    /// <summary>The highest request rate accepted, per second.</summary>
    public const double MaxRate = 10_000;

    /// <summary>
    /// The most requests one invocation simulates in all its runs (rate × duration × runs): about 100,000 requests
    /// take a second of one core, so this bound keeps the longest invocation to minutes. Memory no longer grows with
    /// the requests; time does.
    /// </summary>
    public const double MaxRequests = 100_000_000;

    /// <summary>The usage text.</summary>
    public static string Usage { get; } = string.Join(
        Environment.NewLine,
        "Runs failure scenarios against resilience pipelines in virtual time and compares them.",
        string.Empty,
        "Usage: dotnet run --project src/Resilience.Functional.Simulator -- [options]",
        string.Empty,
        "Options:",
        $"  --scenario <names>   comma-separated, or 'all' (default): {string.Join(", ", ScenarioCatalog.Names)}",
        $"  --pipeline <names>   comma-separated, or 'all' (default): {string.Join(", ", PipelineCatalog.Names)}",
        $"  --seed <n>           seed of every random draw, 0 to {ulong.MaxValue} (default {SimulatorSettings.DefaultSeed})",
        "  --duration <d>       virtual time requests arrive for: 90s, 10m, 1h, 500ms or a number of seconds;",
        "                       up to 24h (default 10m)",
        $"  --rate <r>           mean requests per second, in (0, {MaxRate}] (default 50)",
        $"  --output <path>      the HTML report file, checked before running (default {SimulatorSettings.DefaultOutput})",
        "  --help, -h           show this help",
        string.Empty,
        string.Create(CultureInfo.InvariantCulture, $"At most {MaxRequests:N0} requests in all (rate × duration × scenarios × pipelines), a few minutes of"),
        "wall time; the simulator refuses more.");

    /// <summary>Parses <paramref name="args"/>.</summary>
    /// <param name="args">The command-line arguments.</param>
    public static ParseResult Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var settings = new SimulatorSettings();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "--help" or "-h" or "-?")
            {
                return new ParseResult.Help();
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                return new ParseResult.Invalid($"Unexpected argument '{arg}': options start with '--'.");
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? arg : arg[..equals];
            string value;
            if (equals >= 0)
            {
                value = arg[(equals + 1)..];
            }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                value = args[++i];
            }
            else if (IsKnown(name))
            {
                return new ParseResult.Invalid($"Option '{name}' needs a value.");
            }
            else
            {
                value = string.Empty;
            }

            if (!IsKnown(name))
            {
                return new ParseResult.Invalid($"Unknown option '{name}'.");
            }

            if (!seen.Add(name))
            {
                return new ParseResult.Invalid($"Option '{name}' is given more than once.");
            }

            var next = Apply(settings, name, value.Trim());
            if (next.Error is { } error)
            {
                return new ParseResult.Invalid(error);
            }

            settings = next.Settings!;
        }

        return TooMany(settings) is { } tooMany ? new ParseResult.Invalid(tooMany) : new ParseResult.Run(settings);
    }

    /// <summary>Why <paramref name="settings"/> ask for more requests than <see cref="MaxRequests"/>, or null if they do not.</summary>
    private static string? TooMany(SimulatorSettings settings)
    {
        var runs = RunMatrix.Cells(settings).Count;
        var requests = settings.Rate * settings.Duration.TotalSeconds * runs;
        return requests <= MaxRequests
            ? null
            : string.Create(
                CultureInfo.InvariantCulture,
                $"Too many requests: {settings.Rate:0.##}/s for {Durations.Format(settings.Duration)} in {runs} {(runs == 1 ? "run" : "runs")} is about {requests:N0} requests; the limit is {MaxRequests:N0}. Lower --rate or --duration, or choose fewer --scenario or --pipeline.");
    }

    private static bool IsKnown(string name) => name is "--scenario" or "--pipeline" or "--seed" or "--duration" or "--rate" or "--output";

    private static (SimulatorSettings? Settings, string? Error) Apply(SimulatorSettings settings, string name, string value)
    {
        switch (name)
        {
            case "--scenario":
                return Names(value, ScenarioCatalog.Names, "scenario") is var (scenarios, scenarioError) && scenarioError is null
                    ? (settings with { Scenarios = scenarios! }, null)
                    : (null, scenarioError);
            case "--pipeline":
                return Names(value, PipelineCatalog.Names, "pipeline") is var (pipelines, pipelineError) && pipelineError is null
                    ? (settings with { Pipelines = pipelines! }, null)
                    : (null, pipelineError);
            case "--seed":
                return ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seed)
                    ? (settings with { Seed = seed }, null)
                    : (null, $"Invalid --seed '{value}': expected a whole number from 0 to {ulong.MaxValue}.");
            case "--duration":
                return TryParseDuration(value, out var duration) && duration > TimeSpan.Zero && duration <= MaxDuration
                    ? (settings with { Duration = duration }, null)
                    : (null, $"Invalid --duration '{value}': expected a positive duration up to 24h, such as 90s, 10m, 1h, 500ms or a number of seconds.");
            case "--rate":
                return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) && rate > 0 && rate <= MaxRate
                    ? (settings with { Rate = rate }, null)
                    : (null, $"Invalid --rate '{value}': expected requests per second in (0, {MaxRate}].");
            default:
                return value.Length > 0 && value.IndexOfAny(Path.GetInvalidPathChars()) < 0
                    ? (settings with { Output = value }, null)
                    : (null, $"Invalid --output '{value}': expected a file path.");
        }
    }

    private static (IReadOnlyList<string>? Names, string? Error) Names(string value, IReadOnlyList<string> known, string kind)
    {
        if (value == "all")
        {
            return (known, null);
        }

        var requested = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var unknown = requested.Where(n => !known.Contains(n, StringComparer.Ordinal)).ToList();
        if (requested.Length == 0 || unknown.Count > 0)
        {
            return (null, $"Unknown {kind} '{(unknown.Count > 0 ? string.Join(", ", unknown) : value)}': expected 'all' or some of {string.Join(", ", known)}.");
        }

        // Catalogue order, so the table reads the same however the names were listed.
        return (known.Where(requested.Contains).ToList(), null);
    }

    /// <summary>Parses <c>500ms</c>, <c>90s</c>, <c>10m</c>, <c>1h</c>, a number of seconds, or <c>hh:mm:ss</c>.</summary>
    internal static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = default;
        var (number, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 0.001)
            : text.EndsWith('s') ? (text[..^1], 1.0)
            : text.EndsWith('m') ? (text[..^1], 60.0)
            : text.EndsWith('h') ? (text[..^1], 3600.0)
            : (text, 1.0);
        if (double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
        {
            var seconds = value * unit;
            if (seconds > MaxDuration.TotalSeconds * 2)
            {
                return false;
            }

            duration = TimeSpan.FromSeconds(seconds);
            return true;
        }

        return text.Contains(':', StringComparison.Ordinal) && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration);
    }
}
