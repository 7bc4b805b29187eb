using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.Time.Testing;
using Resilience.Functional.CircuitBreaking;

namespace Resilience.Functional.Tests;

/// <summary>One step of a generated script.</summary>
public sealed record BreakerCommand(string Kind, int Arg, bool Slow)
{
    public override string ToString() => $"{Kind}({Arg}{(Slow ? ",slow" : "")})";
}

/// <summary>A generated script of requests, outcomes, clock advances, isolations and resets.</summary>
public sealed record BreakerScript(BreakerCommand[] Commands)
{
    public override string ToString() => string.Join(" ", Commands.Select(c => c.ToString()));
}

public static class BreakerArbitraries
{
    private static readonly Gen<BreakerCommand> Command = Gen.Frequency(
        (10, Gen.Constant(new BreakerCommand("request", 0, false))),
        (9, from kind in Gen.Elements("ok", "ok", "fail", "fail", "ignored", "cancelled", "probe-timeout")
            from index in Gen.Choose(0, 7)
            from slow in Gen.Elements(false, false, true)
            select new BreakerCommand(kind, index, slow)),
        (4, from ms in Gen.Elements(0, 1, 150, 300, 999, 1000, 2500, 6000)
            select new BreakerCommand("advance", ms, false)),
        (1, Gen.Constant(new BreakerCommand("isolate", 0, false))),
        (1, Gen.Constant(new BreakerCommand("reset", 0, false))));

    public static Arbitrary<BreakerScript> Scripts() =>
        Arb.From(from length in Gen.Choose(1, 40)
                 from commands in Gen.ArrayOf(Command, length)
                 select new BreakerScript(commands));
}

/// <summary>The breaker and <see cref="ReferenceBreaker"/> agree on every decision and every state.</summary>
[Properties(MaxTest = 10_000, Arbitrary = new[] { typeof(BreakerArbitraries) })]
public class CircuitBreakerModelTests
{
    private static readonly ModelConfig ConsecutiveRule = new("consecutive", 3, null, null, 0, null, 0, 1, 1, false);
    private static readonly ModelConfig ConsecutiveGrowing = new("consecutive, growing, 2 probes", 2, null, null, 0, null, 0, 1, 2, true);
    private static readonly ModelConfig CountWindow = new("count window", null, 0.5, null, 5, null, 0, 3, 1, false);
    private static readonly ModelConfig TimeWindow = new("time window", null, 0.5, null, 0, TimeSpan.FromMilliseconds(250).Ticks, 4, 3, 2, false);
    private static readonly ModelConfig SlowCalls = new("slow calls", null, null, 0.5, 4, null, 0, 2, 1, false);
    private static readonly ModelConfig Combined = new("combined", 4, 0.6, 0.75, 6, null, 0, 3, 2, true);

    [Property]
    public void Consecutive_failures(BreakerScript script) => Agree(ConsecutiveRule, script);

    [Property]
    public void Consecutive_failures_with_growing_break_and_two_probes(BreakerScript script) => Agree(ConsecutiveGrowing, script);

    [Property]
    public void Failure_ratio_over_count_window(BreakerScript script) => Agree(CountWindow, script);

    [Property]
    public void Failure_ratio_over_time_window(BreakerScript script) => Agree(TimeWindow, script);

    [Property]
    public void Slow_call_ratio(BreakerScript script) => Agree(SlowCalls, script);

    [Property]
    public void Combined_rules(BreakerScript script) => Agree(Combined, script);

    private static CircuitBreakerOptions ToOptions(ModelConfig c, TimeProvider time) => new()
    {
        ConsecutiveFailures = c.Consecutive,
        FailureRatio = c.FailureRatio,
        SlowCallRatio = c.SlowRatio,
        Window = c.BucketTicks is { } bucket ? SlidingWindow.ByTime(TimeSpan.FromTicks(bucket * c.Buckets), c.Buckets) : SlidingWindow.ByCount(Math.Max(1, c.WindowSize)),
        MinimumThroughput = c.MinimumThroughput,
        HalfOpenProbes = c.Probes,
        BreakDuration = c.GrowingBreak
            ? BreakDuration.Exponential(TimeSpan.FromSeconds(1), 2, TimeSpan.FromSeconds(8))
            : BreakDuration.Fixed(TimeSpan.FromSeconds(1)),
        TimeProvider = time,
    };

    private static void Agree(ModelConfig config, BreakerScript script)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var breaker = new CircuitBreaker(ToOptions(config, time));
        var model = new ReferenceBreaker(config);
        var inFlight = new List<(long Ticket, int Phase)>();
        var step = 0;
        foreach (var command in script.Commands)
        {
            step++;
            var now = time.GetUtcNow().UtcTicks;
            switch (command.Kind)
            {
                case "request":
                    var real = breaker.Apply(BreakerInput.Requested);
                    var expected = model.Request(now);
                    Check(real.Verdict == BreakerVerdict.Admitted, expected.Admitted, "admitted", step);
                    if (expected.Admitted)
                    {
                        Check(real.IsProbe, expected.Probe, "probe", step);
                        inFlight.Add((real.Ticket, expected.Phase));
                    }
                    else
                    {
                        Check(real.RetryAfter, expected.RetryAfter, "retry-after", step);
                    }

                    break;
                case "advance":
                    time.Advance(TimeSpan.FromMilliseconds(command.Arg));
                    break;
                case "isolate":
                    breaker.Isolate();
                    model.Isolate(now);
                    break;
                case "reset":
                    breaker.Reset();
                    model.Reset(now);
                    break;
                default:
                    if (inFlight.Count == 0)
                    {
                        break;
                    }

                    var (ticket, phase) = inFlight[command.Arg % inFlight.Count];
                    inFlight.RemoveAt(command.Arg % inFlight.Count);
                    breaker.Apply(BreakerInput.Outcome(ToSignal(command.Kind), ticket, command.Slow));
                    model.Complete(phase, command.Kind, command.Slow, now);
                    break;
            }

            now = time.GetUtcNow().UtcTicks;
            Check(breaker.State.ToString(), model.ObservedState(now), "state", step);
            Check(breaker.WindowCounts, ToCounts(model.Counts(now)), "window counts", step);
            QuietMeansStepChangesNothing(breaker.Snapshot, time.GetUtcNow(), step);
        }
    }

    /// <summary>The shortcut the breaker takes in a quiet state agrees with the transition function.</summary>
    private static void QuietMeansStepChangesNothing(BreakerMachineState state, DateTimeOffset now, int step)
    {
        // The breaker's guard admits without stepping wherever this holds (CircuitBreakerMachine.AdmitsUnchanged).
        if (CircuitBreakerMachine.AdmitsUnchanged(state))
        {
            foreach (var at in new[] { now, default, DateTimeOffset.MaxValue })
            {
                Check(CircuitBreakerMachine.Step(state, BreakerInput.Requested, at), new BreakerStep(state, BreakerDecision.Admit(state.Generation, false)), "request admitted unchanged", step);
            }
        }

        if (!CircuitBreakerMachine.IsQuiet(state))
        {
            return;
        }

        foreach (var at in new[] { now, default, DateTimeOffset.MaxValue })
        {
            Check(CircuitBreakerMachine.Step(state, BreakerInput.Requested, at), new BreakerStep(state, BreakerDecision.Admit(state.Generation, false)), "quiet request", step);
            foreach (var ticket in new[] { state.Generation, state.Generation - 1 })
            {
                Check(CircuitBreakerMachine.Step(state, BreakerInput.Outcome(BreakerInputKind.Succeeded, ticket), at), new BreakerStep(state, BreakerDecision.None), "quiet success", step);
            }
        }
    }

    private static BreakerWindowCounts ToCounts((int Calls, int Failures, int Slows) c) => new(c.Calls, c.Failures, c.Slows);

    private static BreakerInputKind ToSignal(string kind) => kind switch
    {
        "ok" => BreakerInputKind.Succeeded,
        "fail" => BreakerInputKind.Failed,
        "ignored" => BreakerInputKind.Ignored,
        "cancelled" => BreakerInputKind.Cancelled,
        _ => BreakerInputKind.ProbeTimedOut,
    };

    private static void Check<TValue>(TValue actual, TValue expected, string what, int step)
    {
        if (!EqualityComparer<TValue>.Default.Equals(actual, expected))
        {
            throw new Xunit.Sdk.XunitException($"{what} differs at step {step}: breaker {actual}, model {expected}");
        }
    }
}
