using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Resilience.Functional;

/// <summary>
/// Renders a <see cref="HealthCheckReport"/> as <c>application/health+json</c> (IETF draft "Health Check Response
/// Format for HTTP APIs"): <c>status</c> pass/warn/fail, and <c>checks</c> keyed <c>component:measurement</c>, each an
/// array of one object with <c>status</c>, <c>time</c>, optional <c>observedValue</c>/<c>observedUnit</c>, and
/// <c>output</c> when not passing.
/// </summary>
public static class HealthJson
{
    /// <summary>The media type of the rendering.</summary>
    public const string ContentType = "application/health+json";

    /// <summary>The draft's status word: healthy → <c>pass</c>, degraded → <c>warn</c>, unhealthy → <c>fail</c>.</summary>
    /// <param name="state">The state.</param>
    public static string StatusText(HealthState state) =>
        state switch
        {
            HealthState.Healthy => "pass",
            HealthState.Degraded => "warn",
            _ => "fail",
        };

    /// <summary>
    /// The HTTP status code to answer with: 200 for pass and warn (the draft asks for 2xx–3xx), 503 for fail
    /// (4xx–5xx; 503 tells load balancers to route elsewhere).
    /// </summary>
    /// <param name="state">The aggregate state.</param>
    public static int HttpStatusCode(HealthState state) => state == HealthState.Unhealthy ? 503 : 200;

    /// <summary>The report as an <c>application/health+json</c> document.</summary>
    /// <param name="report">The report.</param>
    /// <exception cref="ArgumentNullException"><paramref name="report"/> is null.</exception>
    public static string Render(HealthCheckReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("status", StatusText(report.State));
            if (report.Entries.Count > 0)
            {
                json.WriteStartObject("checks");
                foreach (var entry in report.Entries)
                {
                    WriteEntry(json, entry);
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteEntry(Utf8JsonWriter json, HealthCheckEntry entry)
    {
        json.WriteStartArray(entry.Check.Key);
        json.WriteStartObject();
        json.WriteString("status", StatusText(entry.State));
        json.WriteString("time", entry.Time.ToString("O", CultureInfo.InvariantCulture));
        entry.Result.IfSome(result =>
        {
            if (result.ObservedValue is { } value && double.IsFinite(value))
            {
                json.WriteNumber("observedValue", value);
            }

            if (result.ObservedUnit is { } unit)
            {
                json.WriteString("observedUnit", unit);
            }
        });

        // The draft says output should be omitted when passing.
        if (entry.State != HealthState.Healthy && entry.Description is { } output)
        {
            json.WriteString("output", output);
        }

        json.WriteEndObject();
        json.WriteEndArray();
    }
}
