using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>
/// The circuit-breaker layer. It counts the breaker's transitions through its <see cref="CircuitBreaker.Changed"/>
/// event, subscribing on the first measured call: an unobserved breaker keeps its event-free path.
/// </summary>
internal sealed class CircuitBreakerPolicy : Policy
{
    // One subscription per breaker, however many policies and operations share it, so no transition counts twice.
    private static readonly ConditionalWeakTable<CircuitBreaker, string> Observed = new();
    private readonly CircuitBreaker breaker;
    private volatile bool observed;

    public CircuitBreakerPolicy(CircuitBreaker breaker)
        : base("circuit-breaker") => this.breaker = breaker;

    internal override string Settings => Describe(breaker.Options);

    internal override TimeProvider Clock => breaker.Time;

    internal override Func<CancellationToken, ValueTask<Either<Error, T>>> Build<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        string name,
        bool measured)
    {
        if (!measured)
        {
            return operation.WithCircuitBreaker(breaker);
        }

        var guarded = Measured.Rejections(
            operation.WithCircuitBreaker(breaker),
            name,
            static (error, _) => error is CircuitOpenError ? "circuit_open" : null,
            (object?)null);
        return ct =>
        {
            if (!observed)
            {
                Observe(name);
            }

            return guarded(ct);
        };
    }

    private void Observe(string name)
    {
        if (Observed.TryAdd(breaker, name))
        {
            breaker.Changed += (_, change) => Measured.Transition(name, change);
        }

        observed = true;
    }

    private static string Describe(CircuitBreakerOptions o)
    {
        var text = new StringBuilder("CircuitBreaker(");
        var rules = new List<string>();
        if (o.ConsecutiveFailures is { } n)
        {
            rules.Add($"{n} consecutive failures");
        }

        var window = o.Window.IsTimeBased ? $"{Durations.Format(o.Window.Duration)} window" : $"last {o.Window.Size} calls";
        if (o.FailureRatio is { } f)
        {
            rules.Add(string.Create(CultureInfo.InvariantCulture, $"failure ratio {f} over {window}, min {o.MinimumThroughput} calls"));
        }

        if (o.SlowCallRatio is { } s)
        {
            rules.Add(string.Create(CultureInfo.InvariantCulture, $"slow-call ratio {s} (≥ {Durations.Format(o.SlowCallDuration)}) over {window}, min {o.MinimumThroughput} calls"));
        }

        return text.Append("opens on ").AppendJoin(" or ", rules)
            .Append($", break {o.BreakDuration}, {o.HalfOpenProbes} half-open probe(s), probe timeout {Durations.Format(o.ProbeTimeout)})")
            .ToString();
    }
}
