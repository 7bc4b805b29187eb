namespace Resilience.Functional.Http.Tests;

/// <summary>Tests with a global trace listener run alone: other tests' spans would land in their exporter.</summary>
[CollectionDefinition(nameof(TelemetryCollection), DisableParallelization = true)]
public sealed class TelemetryCollection;
