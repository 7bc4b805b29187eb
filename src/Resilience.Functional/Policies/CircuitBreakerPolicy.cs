using System.Globalization;
using System.Text;
using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>The circuit-breaker layer; the breaker reports its own transitions.</summary>
internal sealed class CircuitBreakerPolicy : Policy
{
    private readonly CircuitBreaker breaker;

    public CircuitBreakerPolicy(CircuitBreaker breaker)
        : base(breaker.Options.Name) => this.breaker = breaker;

    internal override TimeProvider Clock => breaker.Time;

    internal override string Settings => Describe(breaker.Options);

    internal override Func<CancellationToken, ValueTask<Either<Error, T>>> Build<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        string name,
        string? pipeline) =>
        CircuitBreakerExtensions.Apply(operation, breaker, name, pipeline);

    internal static string Describe(CircuitBreakerOptions o)
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
