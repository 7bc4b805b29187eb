// The code of docs/testing.md's property example, compiled and run; the page shows the region between the snippet
// markers.
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Resilience.Functional.Testing.Tests.Docs;

public class PropertyDocs
{
    // snippet: testing-property
    [Property(MaxTest = 25)]
    public Property Outages_shorter_than_30_s_are_absorbed()
    {
        var outages =
            from start in Gen.Choose(10, 60)
            from seconds in Gen.Choose(1, 29)
            from seed in ResilienceGen.Seeds()
            select (Start: TimeSpan.FromSeconds(start), Length: TimeSpan.FromSeconds(seconds), Seed: seed);

        return Prop.ForAll(Arb.From(outages), outage =>
        {
            var simulation = new Simulation(new SimulationOptions
            {
                Scenario = Scenario.OutageAndRecovery(outage.Start, outage.Length),
                Requests = new RequestStream { RatePerSecond = 50, Duration = TimeSpan.FromMinutes(2) },
                BucketSize = TimeSpan.FromSeconds(10),
                Seed = outage.Seed,
            });

            // The pipeline under test, on the simulation's clock and seeded random source.
            var breaker = new CircuitBreaker(new CircuitBreakerOptions
            {
                ConsecutiveFailures = null,
                FailureRatio = 0.5,
                Window = SlidingWindow.ByTime(TimeSpan.FromSeconds(10), 10),
                MinimumThroughput = 20,
                BreakDuration = BreakDuration.Fixed(TimeSpan.FromSeconds(5)),
                TimeProvider = simulation.Time,
            });
            var retry = new RetryOptions
            {
                Backoff = Backoff.Exponential(TimeSpan.FromMilliseconds(100), 2).FullJitter().MaxRetries(3),
                Classifier = ErrorClassifier.Default.Except(e => e is CircuitOpenError),
                Budget = new PercentRetryBudget(new PercentRetryBudgetOptions { RetryRatio = 0.1, MinRetriesPerSecond = 5, TimeProvider = simulation.Time }),
                TimeProvider = simulation.Time,
                Random = simulation.Random.AsRandom(),
            };

            var result = simulation.Run(op => op.WithCircuitBreaker(breaker).WithRetry(retry), SimulatedPipeline.BreakerProbe(breaker));

            // Downstream load stays under 1.5× the request rate, and the breaker is closed 10 s after recovery, for good.
            var recovered = outage.Start + outage.Length + TimeSpan.FromSeconds(10);
            var peakLoad = result.Timeline.Max(b => b.DownstreamLoad);
            var breakerAfter = result.Probes["breaker"].Where(s => s.At >= recovered).Select(s => s.Value)
                .Prepend(result.Probes["breaker"].Last(s => s.At < recovered).Value);
            return (peakLoad < 1.5 * 50 && breakerAfter.All(state => state == "Closed"))
                .Label($"peak load {peakLoad}/s, breaker after recovery: {string.Join(", ", breakerAfter)}");
        });
    }
    // end snippet
}
