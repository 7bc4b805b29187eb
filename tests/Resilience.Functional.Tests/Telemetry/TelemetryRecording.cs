using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Resilience.Functional.Tests;

/// <summary>
/// Every measurement and finished span of the library tagged with one name (as policy or pipeline), as comparable
/// text: instrument, unit, value and sorted tags; span name, status, sorted tags and events.
/// </summary>
internal sealed class TelemetryRecording : IDisposable
{
    private readonly string name;
    private readonly MeterListener meters = new();
    private readonly ActivityListener spans;

    public TelemetryRecording(string name)
    {
        this.name = name;
        meters.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ResilienceTelemetry.Name)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        meters.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        meters.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        meters.Start();
        spans = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ResilienceTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = Stopped,
        };
        ActivitySource.AddActivityListener(spans);
    }

    public List<string> Measurements { get; } = [];

    public List<string> Spans { get; } = [];

    public List<string> Instruments => Measurements.Select(m => m[..m.IndexOf(' ')]).Distinct().ToList();

    public void Dispose()
    {
        meters.Dispose();
        spans.Dispose();
    }

    private static string Text(IEnumerable<KeyValuePair<string, object?>> tags) =>
        string.Join(", ", tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}"));

    private bool Mine(IEnumerable<KeyValuePair<string, object?>> tags) =>
        tags.Any(t => t.Key is ResilienceTelemetry.PolicyNameTag or ResilienceTelemetry.PipelineNameTag && Equals(t.Value, name));

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var list = tags.ToArray();
        if (Mine(list))
        {
            lock (Measurements)
            {
                Measurements.Add($"{instrument.Name} [{instrument.Unit}] {value} {{{Text(list)}}}");
            }
        }
    }

    private void Stopped(Activity activity)
    {
        if (Mine(activity.TagObjects))
        {
            var events = string.Join("; ", activity.Events.Select(e => $"{e.Name} {{{Text(e.Tags)}}}"));
            lock (Spans)
            {
                Spans.Add($"{activity.DisplayName} {activity.Status} {{{Text(activity.TagObjects)}}} [{events}]");
            }
        }
    }
}
